package io.pincluster.rest.psa;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;

/** The tenant's pinned content takes its byte quota already: a client error (409 {@code BYTE_QUOTA_EXCEEDED}). */
final class ByteQuotaExceededException extends ClusterException {
    ByteQuotaExceededException(String owner, long held, long max) {
        super(ErrorCode.CONFLICT, "tenant '" + owner + "' holds " + held + " bytes of pinned content, at or over its "
                + "byte quota (max_bytes) of " + max + "; delete some first");
    }
}
