package io.pincluster.ipld.unixfs;

/** A node that is not valid UnixFS (bad Data message, unknown type, inconsistent sizes); the message says why. */
public class UnixFsException extends IllegalArgumentException {
    public UnixFsException(String message) {
        super(message);
    }

    public UnixFsException(String message, Throwable cause) {
        super(message, cause);
    }
}
