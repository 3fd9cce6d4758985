package io.pincluster.ipld.unixfs;

/** A byte range that starts past the end of the file. */
public final class RangeNotSatisfiableException extends IllegalArgumentException {
    private final long fileSize;

    public RangeNotSatisfiableException(long offset, long fileSize) {
        super("range starts at offset " + offset + " but the file is " + fileSize + " bytes long");
        this.fileSize = fileSize;
    }

    public long fileSize() {
        return fileSize;
    }
}
