package io.pincluster.consensus.codec;

import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.state.PinOp;

/** The leader's verdict on one request, as written to the log: an op to apply or a rejection. */
public sealed interface Decision permits Decision.Apply, Decision.Reject {
    /**
     * @param decidedAt the leader's decision time when the op does not carry it itself (an expiry's removal), so
     *                  the log's time stays monotonic across leaders; null when not needed (then not written)
     */
    record Apply(PinOp op, java.time.Instant decidedAt) implements Decision {
        public Apply(PinOp op) {
            this(op, null);
        }
    }

    /** Kept in the entry so the reply has one result per request; applying it changes nothing. */
    record Reject(ErrorCode code, String message) implements Decision {
    }
}
