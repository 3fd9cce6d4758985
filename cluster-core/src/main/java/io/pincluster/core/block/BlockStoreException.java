package io.pincluster.core.block;

import java.io.IOException;

/** Base of the typed failures of a block store; subclasses say what went wrong and carry the CID involved. */
public class BlockStoreException extends IOException {
    public BlockStoreException(String message) {
        super(message);
    }

    public BlockStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
