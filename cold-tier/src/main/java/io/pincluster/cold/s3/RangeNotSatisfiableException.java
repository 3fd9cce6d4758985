package io.pincluster.cold.s3;

/**
 * A ranged read asked for bytes the object does not have: the store answered 416 {@code InvalidRange} (the range
 * starts at or past the end), or it returned fewer bytes than asked for (the range runs past the end). Either way
 * the archive index that produced the range does not fit the object.
 */
public final class RangeNotSatisfiableException extends ObjectStoreException {
    private final ByteRange range;
    private final long objectSize;

    public RangeNotSatisfiableException(String message, String key, ByteRange range, long objectSize,
            String errorCode, int httpStatus, Throwable cause) {
        super(message, key, errorCode, httpStatus, cause);
        this.range = range;
        this.objectSize = objectSize;
    }

    public ByteRange range() {
        return range;
    }

    /** The object's size if the store told it, else -1. */
    public long objectSize() {
        return objectSize;
    }
}
