package io.pincluster.cold.s3;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the SDK's exceptions into {@link ObjectStoreException}s whose message a person can act on: which operation,
 * which key, which bucket, and the store's error code and status. Also answers the few "what did the store say"
 * questions the upload logic branches on.
 */
final class S3Failures {
    static final String NO_SUCH_UPLOAD = "NoSuchUpload";
    static final String INVALID_RANGE = "InvalidRange";

    private S3Failures() {
    }

    static ObjectStoreException translate(String operation, String bucket, String key, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = errorCode(service);
            String detail = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
            return new ObjectStoreException(operation + " of " + key + " in bucket " + bucket + " failed: "
                    + (code == null ? "no error code" : code) + " (HTTP " + service.statusCode() + ")"
                    + (detail == null || detail.isBlank() ? "" : ": " + detail), key, code, service.statusCode(), e);
        }
        // No answer from the store (connection refused, timeout, ...) after the client's bounded retries.
        return new ObjectStoreException(operation + " of " + key + " in bucket " + bucket
                + " failed without an answer from the store: " + e.getMessage(), key, null, 0, e);
    }

    /** Runs one SDK call, its failure translated. */
    static <T> T call(String operation, String bucket, String key, Supplier<T> call) throws ObjectStoreException {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(operation, bucket, key, e);
        }
    }

    static boolean isNotFound(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() == 404;
    }

    static boolean isNoSuchUpload(SdkException e) {
        return e instanceof AwsServiceException service && NO_SUCH_UPLOAD.equals(errorCode(service));
    }

    static boolean isInvalidRange(SdkException e) {
        return e instanceof AwsServiceException service
                && (service.statusCode() == 416 || INVALID_RANGE.equals(errorCode(service)));
    }

    static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
