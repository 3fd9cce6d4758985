package io.pincluster.service.ops;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An uploaded file's bytes, handed to a part that also writes the store (a CAR import): a failure to read the upload
 * (the client stopped sending, a malformed multipart body) comes out as {@link ReadFailed}, so the add answers 400,
 * while a failure of the store, an {@link IOException} of the importer's own, stays a server error.
 */
final class UploadInput extends FilterInputStream {
    /** The upload itself could not be read; the cause is the reader's {@link IOException}. */
    static final class ReadFailed extends UncheckedIOException {
        ReadFailed(IOException cause) {
            super(cause);
        }
    }

    UploadInput(InputStream in) {
        super(in);
    }

    /** The reader's message, or what happened when it gave none (an upload cut off mid-part has none). */
    static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "the upload ended before its last part was complete" : message;
    }

    @Override
    public int read() {
        try {
            return super.read();
        } catch (IOException e) {
            throw new ReadFailed(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw new ReadFailed(e);
        }
    }

    @Override
    public long skip(long n) {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw new ReadFailed(e);
        }
    }

    @Override
    public int available() {
        try {
            return super.available();
        } catch (IOException e) {
            throw new ReadFailed(e);
        }
    }
}
