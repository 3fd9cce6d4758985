package io.pincluster.core.peer;

import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cid.Multibase;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.error.Excerpt;

/**
 * A peer's identity in the libp2p form: the base58btc multihash of its protobuf-encoded public key
 * (identity multihash for Ed25519 keys, hence {@code 12D3KooW...}). Compared by its string form,
 * which is canonical.
 */
public record PeerId(String value) implements Comparable<PeerId> {
    /**
     * The longest peer ID string read: the largest multihash accepted (identity, 128 bytes) is about 180 base58
     * characters; longer strings are refused before the (quadratic) base58 decoding.
     */
    public static final int MAX_STRING_LENGTH = 256;

    public PeerId {
        if (value == null || value.isEmpty()) {
            throw new CidParseException("empty peer ID");
        }
        if (value.length() > MAX_STRING_LENGTH) {
            throw new CidParseException("peer ID of " + value.length() + " characters is over the limit of "
                    + MAX_STRING_LENGTH);
        }
        try {
            Multihash.decode(Multibase.BASE58BTC.decodeRaw(value));
        } catch (CidParseException e) {
            throw new CidParseException("invalid peer ID '" + Excerpt.of(value) + "': " + e.getMessage());
        }
    }

    public static PeerId parse(String value) {
        return new PeerId(value);
    }

    /** The peer ID of a public key already encoded as a libp2p PublicKey protobuf. */
    public static PeerId ofPublicKeyProto(byte[] publicKeyProto) {
        return new PeerId(Multibase.BASE58BTC.encodeRaw(Multihash.identity(publicKeyProto).bytes()));
    }

    @Override
    public int compareTo(PeerId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
