package io.pincluster.consensus.codec;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;

/** The outcome of one request of a batch, returned to the peer that submitted it. */
public sealed interface OpResult permits OpResult.Ok, OpResult.Failed {
    /** For a pin: the committed pin; for an unpin: the pin as it was. */
    record Ok(Pin pin) implements OpResult {
    }

    record Failed(ErrorCode code, String message) implements OpResult {
        public ClusterException toException() {
            return new ClusterException(code, message);
        }
    }
}
