package io.pincluster.consensus.codec;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.PinOptions;
import java.util.List;

/** What a peer asks the leader to do; the leader turns each request into a decision for the log. */
public sealed interface PinRequest permits PinRequest.Pin, PinRequest.Unpin, PinRequest.Expire,
        PinRequest.Reallocate {
    Cid cid();

    record Pin(Cid cid, PinOptions options) implements PinRequest {
    }

    record Unpin(Cid cid) implements PinRequest {
    }

    /** Remove the pin only if it is still expired when the leader decides (the leader's expiry sweep). */
    record Expire(Cid cid) implements PinRequest {
    }

    /**
     * The leader's repair: place the pin again as it stands when the leader decides (its options are not in the
     * request, so a user's change made meanwhile is never undone), without the {@code leaving} peers (down,
     * draining), and with as many copies up to replication max as the cluster can take when {@code topUp}.
     * Rejected with {@code NOT_FOUND} when the pin is gone by then.
     */
    record Reallocate(Cid cid, List<PeerId> leaving, boolean topUp) implements PinRequest {
        public Reallocate {
            leaving = List.copyOf(leaving);
        }
    }
}
