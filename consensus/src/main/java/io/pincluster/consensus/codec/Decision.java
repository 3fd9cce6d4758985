package io.pincluster.consensus.codec;

import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.state.PinOp;

/** The leader's verdict on one request, as written to the log: an op to apply or a rejection. */
public sealed interface Decision permits Decision.Apply, Decision.Reject {
    record Apply(PinOp op) implements Decision {
    }

    /** Kept in the entry so the reply has one result per request; applying it changes nothing. */
    record Reject(ErrorCode code, String message) implements Decision {
    }
}
