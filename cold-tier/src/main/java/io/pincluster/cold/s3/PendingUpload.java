package io.pincluster.cold.s3;

import java.time.Instant;

/** A multipart upload the store holds open: started, neither completed nor aborted. Its parts cost storage. */
public record PendingUpload(String key, String uploadId, Instant initiated) {
}
