package io.pincluster.core.psa;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;

/** The tenant already holds as many pin requests as it may: a client error (409), not a failure of the cluster. */
public final class PsaQuotaExceededException extends ClusterException {
    /** Travels in the leader's refusal, so the peer that asked can tell this refusal from others. */
    public static final String MARKER = "PSA_QUOTA_EXCEEDED";

    public PsaQuotaExceededException(String owner, int max) {
        super(ErrorCode.CONFLICT, MARKER + ": tenant '" + owner + "' already holds its quota of " + max
                + " pins; delete some first");
    }

    public PsaQuotaExceededException(String message) {
        super(ErrorCode.CONFLICT, message);
    }
}
