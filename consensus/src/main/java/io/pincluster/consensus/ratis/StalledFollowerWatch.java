package io.pincluster.consensus.ratis;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's watch for a follower that answers but can no longer take entries (decision 0029).
 *
 * <p>Ratis 3.3.0 can leave a follower whose log lost entries it had acknowledged: after a whole-cluster restart a
 * deposed leader's append, checked under the follower's lock and written after it, replaced entries the follower had
 * already acknowledged to the new leader. From then on the leader never sends below the match index it counts for
 * that follower ({@code LogAppenderBase.getNextIndexForInconsistency}), the follower refuses everything above its
 * divergent entry, and the two exchange INCONSISTENCY replies forever: the follower is out of the cluster although
 * every process is healthy, and one more failure costs the quorum. A leader's per-follower state lives only as long
 * as its term, so a new term clears it: the leader hands leadership to another follower (or steps down when none can
 * take it), and the next leader brings the follower back with a fresh match index.
 *
 * <p>A follower counts as stalled when, for {@code stalledAfter}, its match index has not moved although the leader
 * holds later entries, and meanwhile it refused the leader's appends at least {@link #MIN_REFUSALS} times (Ratis
 * counts each INCONSISTENCY reply per follower). A slow follower moves its match index; a down one refuses nothing;
 * one receiving a snapshot is sent no appends to refuse.
 */
final class StalledFollowerWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StalledFollowerWatch.class);

    /**
     * Refusals within {@code stalledAfter} that mark a stall: a follower caught in the loop refuses about once a
     * second (Ratis' appender retries every second after ten errors); a restarted follower refuses a few times before
     * its match index moves, and one that is sent a snapshot once.
     */
    static final long MIN_REFUSALS = 10;

    /** A follower's match index since {@code sinceNanos}, and how many appends it had refused then. */
    private record Stall(long matchIndex, long sinceNanos, long refusalsThen) {
    }

    private final Supplier<RaftServer.Division> division;
    private final Duration stalledAfter;
    private final Duration heardWithin;
    /** Ends this peer's term as leader without handing leadership to the stalled follower; true when it did. */
    private final Predicate<RaftPeerId> rescue;
    /** How many appends the follower has refused this peer (INCONSISTENCY replies) so far; -1 when unknown. */
    private final ToLongFunction<RaftPeerId> refusals;
    private final LongSupplier nanoClock;
    private final PeriodicCheck timer;
    private final Map<RaftPeerId, Stall> stalls = new HashMap<>();
    /** Stalled followers found while this peer led; read by the metrics endpoint from any thread. */
    private final AtomicLong found = new AtomicLong();
    private long term = -1;

    StalledFollowerWatch(String name, Supplier<RaftServer.Division> division, Duration stalledAfter,
                         Duration heardWithin, Predicate<RaftPeerId> rescue, ToLongFunction<RaftPeerId> refusals,
                         LongSupplier nanoClock) {
        this.division = division;
        this.stalledAfter = stalledAfter;
        this.heardWithin = heardWithin;
        this.rescue = rescue;
        this.refusals = refusals;
        this.nanoClock = nanoClock;
        this.timer = new PeriodicCheck("stalled-follower-watch", name, this::check);
    }

    void start(Duration interval) {
        timer.start(interval, interval);
    }

    private void check() {
        RaftServer.Division d = division.get();
        if (d == null || !d.getInfo().isLeader() || !d.getInfo().isLeaderReady()) {
            return;
        }
        Map<RaftPeerId, VoterKeeper.Progress> progress = VoterKeeper.progress(d);
        if (progress == null) {
            return;
        }
        long last = d.getRaftLog().getLastEntryTermIndex().getIndex();
        Optional<RaftPeerId> stalled = observe(d.getInfo().getCurrentTerm(), last, progress);
        if (stalled.isPresent()) {
            VoterKeeper.Progress p = progress.get(stalled.get());
            LOG.warn("follower {} has refused every append for {} s: it acknowledged up to {} and the leader holds up "
                            + "to {}; handing leadership over so the next leader brings it back (decision 0029)",
                    stalled.get(), stalledAfter.toSeconds(), p.matchIndex(), last);
            found.incrementAndGet();
            boolean handedOver = rescue.test(stalled.get());
            LOG.info("leadership {} for stalled follower {}", handedOver ? "given up" : "kept (no hand-over possible)",
                    stalled.get());
            stalls.clear();
        }
    }

    /**
     * One look at the leader's view of its followers: records who is waiting on what, and returns a follower that has
     * been stalled for {@code stalledAfter}, if any. State is kept per term: a new term starts every follower afresh.
     */
    Optional<RaftPeerId> observe(long leaderTerm, long leaderLastIndex, Map<RaftPeerId, VoterKeeper.Progress> view) {
        long now = nanoClock.getAsLong();
        if (leaderTerm != term) {
            stalls.clear();
            term = leaderTerm;
        }
        stalls.keySet().retainAll(view.keySet());
        Map<RaftPeerId, Long> refusedNow = new HashMap<>();
        for (Map.Entry<RaftPeerId, VoterKeeper.Progress> e : view.entrySet()) {
            VoterKeeper.Progress p = e.getValue();
            boolean waiting = p.matchIndex() < leaderLastIndex && p.lastHeardMs() <= heardWithin.toMillis();
            long refused = waiting ? refusals.applyAsLong(e.getKey()) : -1;
            if (refused < 0) {
                stalls.remove(e.getKey());
                continue;
            }
            refusedNow.put(e.getKey(), refused);
            Stall s = stalls.get(e.getKey());
            if (s == null || s.matchIndex() != p.matchIndex() || refused < s.refusalsThen()) {
                stalls.put(e.getKey(), new Stall(p.matchIndex(), now, refused));
            }
        }
        return stalls.entrySet().stream()
                .filter(s -> now - s.getValue().sinceNanos() >= stalledAfter.toNanos()
                        && refusedNow.get(s.getKey()) - s.getValue().refusalsThen() >= MIN_REFUSALS)
                .map(Map.Entry::getKey)
                .min(java.util.Comparator.comparing(RaftPeerId::toString));
    }

    /** How many times this peer, leading, found a stalled follower and ended its term for it. */
    long stalledFollowersFound() {
        return found.get();
    }

    @Override
    public void close() {
        timer.close();
    }
}
