package io.pincluster.core.cid;

/** A CID, multihash, multibase string or varint that could not be read; the message names what is wrong. */
public final class CidParseException extends IllegalArgumentException {
    public CidParseException(String message) {
        super(message);
    }
}
