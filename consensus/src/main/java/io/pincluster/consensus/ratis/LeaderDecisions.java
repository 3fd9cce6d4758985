package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.Decision;
import io.pincluster.consensus.codec.PinRequest;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinDecider;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the leader decides before an entry is written: the time (monotonic across leaders: {@link DecisionClock}),
 * the allocations (through the
 * {@link PinDecider}), pin updates, validation. Requests later in a batch see the decisions made for
 * earlier ones. The leader's replica may lag entries still being committed; apply stays correct
 * regardless because every decision is a complete upsert or removal.
 */
final class LeaderDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderDecisions.class);

    private final PinDecider decider;
    private final DecisionClock clock;

    LeaderDecisions(PinDecider decider, Clock clock) {
        this(decider, new DecisionClock(clock));
    }

    LeaderDecisions(PinDecider decider, DecisionClock clock) {
        this.decider = decider;
        this.clock = clock;
    }

    /** The time decisions are made by, which the applied log advances. */
    DecisionClock clock() {
        return clock;
    }

    /**
     * Decides the batch at one time: the leader's clock, but never before a time already in the log (see
     * {@link DecisionClock}), so a new leader whose clock is behind neither un-expires nor re-expires a pin.
     */
    List<Decision> decide(List<PinRequest> requests, PinSetView state) {
        Instant now = clock.now();
        decider.prepare(requests.stream().filter(r -> !(r instanceof PinRequest.Unpin)).map(PinRequest::cid).toList());
        Map<Cid, Optional<Pin>> pending = new HashMap<>();
        List<Decision> out = new ArrayList<>(requests.size());
        for (PinRequest req : requests) {
            Pin existing = pending.computeIfAbsent(req.cid(), state::get).orElse(null);
            Decision d;
            try {
                d = decideOne(req, existing, pending, state, now);
            } catch (ClusterException e) {
                d = new Decision.Reject(e.code(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("pin decision for {} failed", req.cid(), e);
                d = new Decision.Reject(ErrorCode.INTERNAL, "could not decide the pin: " + e);
            }
            if (d instanceof Decision.Apply a) {
                pending.put(req.cid(), a.op() instanceof PinOp.AddPin add ? Optional.of(add.pin()) : Optional.empty());
            }
            out.add(d);
        }
        return out;
    }

    private Decision decideOne(PinRequest req, Pin existing, Map<Cid, Optional<Pin>> pending, PinSetView state,
                               Instant now) {
        if (req instanceof PinRequest.Unpin) {
            if (existing == null) {
                throw ClusterException.notPinned();
            }
            return new Decision.Apply(new PinOp.RemovePin(req.cid()));
        }
        if (req instanceof PinRequest.Reallocate re) {
            if (existing == null) {
                throw ClusterException.notPinned();
            }
            if (existing.type() != PinType.DATA || existing.isEverywhere()) {
                throw ClusterException.badRequest("only data pins with allocations are reallocated");
            }
            Pin moved = decider.reallocate(existing, Set.copyOf(re.leaving()), re.topUp(), state, now);
            if (moved == null || !moved.cid().equals(req.cid())) {
                throw new ClusterException(ErrorCode.INTERNAL, "the pin decider returned a pin for another CID");
            }
            if (moved.allocations().equals(existing.allocations())) {
                throw new ClusterException(ErrorCode.CONFLICT, "reallocation changes nothing");
            }
            // Only the allocations change: options, type and the time the pin was accepted (shown to users as
            // its creation time) stay as they are.
            return new Decision.Apply(new PinOp.AddPin(new Pin(existing.cid(), existing.options(), existing.type(),
                    moved.allocations(), existing.reference(), existing.timestamp())));
        }
        if (req instanceof PinRequest.Expire) {
            if (existing == null || !existing.isExpiredAt(now)) {
                throw new ClusterException(ErrorCode.CONFLICT, "pin is not expired");
            }
            // The removal carries its time, so the next leader's clock starts no earlier than this decision's.
            return new Decision.Apply(new PinOp.RemovePin(req.cid()), now);
        }
        PinRequest.Pin pinReq = (PinRequest.Pin) req;
        PinOptions opts = pinReq.options();
        if (opts.expireAt() != null && !opts.expireAt().isAfter(now)) {
            throw ClusterException.badRequest("expire_at " + opts.expireAt() + " is not in the future");
        }
        Pin decided;
        if (opts.pinUpdate() != null && !opts.pinUpdate().equals(req.cid())) {
            Pin from = pending.computeIfAbsent(opts.pinUpdate(), state::get)
                    .orElseThrow(() -> new ClusterException(ErrorCode.NOT_FOUND,
                            "pin_update: " + opts.pinUpdate() + " is not part of the pinset"));
            decided = updatedFrom(from, req.cid(), opts, state, now);
        } else {
            decided = decider.decide(req.cid(), opts, existing, state, now);
            if (decided == null || !decided.cid().equals(req.cid())) {
                throw new ClusterException(ErrorCode.INTERNAL, "the pin decider returned a pin for another CID");
            }
        }
        if (existing != null && existing.options().mode() == PinMode.RECURSIVE
                && decided.options().mode() == PinMode.DIRECT) {
            throw ClusterException.badRequest("cannot repin a CID which is already pinned in recursive mode"
                    + " (new pin is direct); unpin it first");
        }
        if (existing != null && existing.type() != decided.type()) {
            throw ClusterException.badRequest("cannot change the type of an existing pin ("
                    + existing.type().wireName() + " to " + decided.type().wireName() + ")");
        }
        return new Decision.Apply(new PinOp.AddPin(new Pin(decided.cid(),
                decided.options().withoutTransientFields(), decided.type(), decided.allocations(),
                decided.reference(), now)));
    }

    /**
     * {@code pin_update}, decided here and only here: the new pin takes the options the request gives and the
     * allocations of the pin it updates, which stays pinned (ipfs-cluster does not unpin {@code from}). Options
     * the request leaves unset (replication 0, empty name, metadata or origins, no expiry, shard size 0) come
     * from the old pin, as ipfs-cluster copies them; the mode is always the request's. With the old pin's
     * replication the allocations are copied as they are; with another one the decider starts from them as the
     * current allocations, so it keeps them as far as the new factors allow and adds or drops peers to meet them.
     */
    private Pin updatedFrom(Pin from, Cid cid, PinOptions opts, PinSetView state, Instant now) {
        if (from.type() != PinType.DATA) {
            throw ClusterException.badRequest("pin_update: a " + from.type().wireName() + " cannot be updated");
        }
        PinOptions f = from.options();
        boolean sameReplication = opts.replicationMin() == 0 && opts.replicationMax() == 0
                || opts.replicationMin() == f.replicationMin() && opts.replicationMax() == f.replicationMax();
        PinOptions merged = new PinOptions(
                sameReplication ? f.replicationMin() : opts.replicationMin(),
                sameReplication ? f.replicationMax() : opts.replicationMax(),
                opts.name().isEmpty() ? f.name() : opts.name(),
                opts.mode(),
                opts.shardSize() == 0 ? f.shardSize() : opts.shardSize(),
                List.of(),
                opts.expireAt() != null ? opts.expireAt() : f.expireAt(),
                opts.metadata().isEmpty() ? f.metadata() : opts.metadata(),
                null,
                opts.origins().isEmpty() ? f.origins() : opts.origins());
        if (sameReplication) {
            return new Pin(cid, merged, PinType.DATA, from.allocations(), null, now);
        }
        // The old pin's allocations, seen as the new CID's current ones; its mode is the new one, so the decider
        // does not judge the change of mode against the old CID (the new CID's own pin is checked by the caller).
        Pin current = new Pin(cid, merged, PinType.DATA, from.allocations(), null, from.timestamp());
        Pin decided = decider.decide(cid, merged, current, state, now);
        if (decided == null || !decided.cid().equals(cid)) {
            throw new ClusterException(ErrorCode.INTERNAL, "the pin decider returned a pin for another CID");
        }
        return decided;
    }
}
