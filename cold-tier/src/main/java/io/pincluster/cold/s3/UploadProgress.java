package io.pincluster.cold.s3;

/**
 * Told after each part is stored and journaled, so a caller can report progress (metrics, job status). It runs on
 * the uploading thread: a slow listener slows the upload, and an exception from it stops the upload where it is,
 * resumable like a crash.
 */
@FunctionalInterface
public interface UploadProgress {
    UploadProgress NONE = (key, partNumber, partCount) -> { };

    /** Part {@code partNumber} of {@code partCount} of {@code key} is in the store and in the journal. */
    void partStored(String key, int partNumber, int partCount);
}
