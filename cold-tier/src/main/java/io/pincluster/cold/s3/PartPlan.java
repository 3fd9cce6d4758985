package io.pincluster.cold.s3;

/**
 * How an object of {@code objectSize} bytes is cut into multipart parts: every part {@code partSize} bytes but the
 * last, which holds the rest.
 *
 * <p>The configured part size is a floor: an object that would need more than 10,000 parts of it (S3's limit) gets
 * parts of {@code ceil(size / 10,000)}, rounded up to a whole MiB so that a resumed upload with the same config
 * computes the same plan. Objects over 5 TiB, the largest object S3-compatible stores are documented to hold, are
 * refused: the archiver splits pins before that (the largest Filecoin piece is 64 GiB anyway).
 *
 * @param objectSize bytes in the object
 * @param partSize   bytes in every part but the last
 * @param partCount  number of parts, 1 to 10,000
 */
public record PartPlan(long objectSize, long partSize, int partCount) {
    public static final int MAX_PARTS = 10_000;
    public static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * S3StoreConfig.MIB;

    public PartPlan {
        if (objectSize < 0 || partSize < 1 || partCount < 1 || partCount > MAX_PARTS) {
            throw new IllegalArgumentException("not a part plan: " + objectSize + " bytes, parts of " + partSize
                    + ", " + partCount + " parts");
        }
    }

    /**
     * The plan for {@code objectSize} bytes with parts of at least {@code configuredPartSize}.
     *
     * @throws IllegalArgumentException if the object is over 5 TiB
     */
    public static PartPlan of(long objectSize, long configuredPartSize) {
        if (objectSize > MAX_OBJECT_SIZE) {
            throw new IllegalArgumentException("an archive of " + objectSize + " bytes is over the 5 TiB ("
                    + MAX_OBJECT_SIZE + " bytes) an S3 object may hold; split it");
        }
        long needed = ceilDiv(objectSize, MAX_PARTS);
        long partSize = Math.max(configuredPartSize, ceilDiv(needed, S3StoreConfig.MIB) * S3StoreConfig.MIB);
        int partCount = (int) Math.max(1, ceilDiv(objectSize, partSize));
        return new PartPlan(objectSize, partSize, partCount);
    }

    /** Byte offset of part {@code number} (1-based). */
    public long offset(int number) {
        checkNumber(number);
        return (number - 1) * partSize;
    }

    /** Bytes in part {@code number} (1-based): {@code partSize}, or the rest for the last part. */
    public long length(int number) {
        checkNumber(number);
        return number < partCount ? partSize : objectSize - (long) (partCount - 1) * partSize;
    }

    private void checkNumber(int number) {
        if (number < 1 || number > partCount) {
            throw new IllegalArgumentException("part " + number + " is not one of 1.." + partCount);
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
