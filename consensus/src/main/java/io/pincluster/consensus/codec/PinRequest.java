package io.pincluster.consensus.codec;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinOptions;

/** What a peer asks the leader to do; the leader turns each request into a decision for the log. */
public sealed interface PinRequest permits PinRequest.Pin, PinRequest.Unpin, PinRequest.Expire {
    Cid cid();

    record Pin(Cid cid, PinOptions options) implements PinRequest {
    }

    record Unpin(Cid cid) implements PinRequest {
    }

    /** Remove the pin only if it is still expired when the leader decides (the leader's expiry sweep). */
    record Expire(Cid cid) implements PinRequest {
    }
}
