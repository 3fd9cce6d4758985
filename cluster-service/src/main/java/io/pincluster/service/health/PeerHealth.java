package io.pincluster.service.health;

import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.monitor.PeerMonitor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of every member, judged from when its last ping metric arrived here ({@link PeerMonitor}):
 * {@link PeerState#UP} while pings come within 1.5 monitor intervals, {@link PeerState#SUSPECT} after that,
 * {@link PeerState#DOWN} after {@code peerDownAfter} of silence. A member never heard from is judged from the
 * moment this peer first saw it in the member list. This peer itself is always up.
 *
 * <p>{@link #check()} updates the states and reports each change as an alert ({@code /health/alerts}, metric
 * name {@code peer_state}, value the new state) and a log line. The time a peer went down is the time its
 * silence reached {@code peerDownAfter} (last ping + {@code peerDownAfter}), not the time a check noticed, so
 * every peer, and so every future leader, counts the repair grace from the same moment. Thread-safe.
 */
public final class PeerHealth {
    /** The metric name of state-change alerts. */
    public static final String ALERT_NAME = "peer_state";
    private static final Logger LOG = LoggerFactory.getLogger(PeerHealth.class);

    /** A member's state and since when it is in it. */
    public record Status(PeerState state, Instant since) {
    }

    private final PeerId self;
    private final PeerMonitor monitor;
    private final Supplier<? extends Collection<PeerId>> members;
    private final Duration suspectAfter;
    private final Duration downAfter;
    private final Clock clock;
    private final Map<PeerId, Instant> firstSeen = new ConcurrentHashMap<>();
    private volatile Map<PeerId, Status> states = Map.of();

    /**
     * @param monitorInterval how often peers publish metrics; pings later than 1.5 intervals make a peer suspect
     * @param downAfter       silence after which a peer is down; must exceed {@code monitorInterval}
     */
    public PeerHealth(PeerId self, PeerMonitor monitor, Supplier<? extends Collection<PeerId>> members,
                      Duration monitorInterval, Duration downAfter, Clock clock) {
        if (downAfter.compareTo(monitorInterval) <= 0) {
            throw new IllegalArgumentException("peer_down_after (" + downAfter + ") must exceed the monitor interval ("
                    + monitorInterval + ")");
        }
        this.self = self;
        this.monitor = monitor;
        this.members = members;
        Duration lateBeat = monitorInterval.plus(monitorInterval.dividedBy(2));
        this.suspectAfter = lateBeat.compareTo(downAfter) < 0 ? lateBeat : downAfter;
        this.downAfter = downAfter;
        this.clock = clock;
    }

    /** Judges every member now; returns the members whose state changed, with their new status. */
    public synchronized Map<PeerId, Status> check() {
        Instant now = clock.instant();
        Collection<PeerId> current = members.get();
        firstSeen.keySet().retainAll(current);
        Map<PeerId, Status> previous = states;
        Map<PeerId, Status> next = new HashMap<>();
        Map<PeerId, Status> changed = new HashMap<>();
        for (PeerId peer : current) {
            Status judged = judge(peer, now);
            Status before = previous.get(peer);
            if (before != null && before.state() == judged.state()) {
                next.put(peer, before);
                continue;
            }
            next.put(peer, judged);
            if (before != null || judged.state() != PeerState.UP) {
                changed.put(peer, judged);
                report(peer, before == null ? null : before.state(), judged, now);
            }
        }
        states = Map.copyOf(next);
        return changed;
    }

    private Status judge(PeerId peer, Instant now) {
        if (peer.equals(self)) {
            return new Status(PeerState.UP, firstSeen.computeIfAbsent(peer, p -> now));
        }
        Instant heard = monitor.lastReceived(peer, MetricNames.PING)
                .orElseGet(() -> firstSeen.computeIfAbsent(peer, p -> now));
        Duration silence = Duration.between(heard, now);
        if (silence.compareTo(downAfter) >= 0) {
            return new Status(PeerState.DOWN, heard.plus(downAfter));
        }
        if (silence.compareTo(suspectAfter) > 0) {
            return new Status(PeerState.SUSPECT, heard.plus(suspectAfter));
        }
        return new Status(PeerState.UP, heard);
    }

    private void report(PeerId peer, PeerState before, Status now, Instant at) {
        if (now.state() == PeerState.UP) {
            LOG.info("peer {} is up again (was {})", peer, before == null ? "unknown" : before.wireName());
        } else {
            LOG.warn("peer {} is {} since {} (no ping for {})", peer, now.state().wireName(), now.since(),
                    Duration.between(now.state() == PeerState.DOWN ? now.since().minus(downAfter)
                            : now.since().minus(suspectAfter), at));
        }
        monitor.raise(new Alert(new Metric(ALERT_NAME, peer, now.state().wireName(), 0, false, at, at), at));
    }

    /** The state of {@code peer} at the last check; members not yet judged count as up. */
    public PeerState state(PeerId peer) {
        Status s = states.get(peer);
        return s == null ? PeerState.UP : s.state();
    }

    /** True when {@code peer} was up at the last check: its copies count as live. */
    public boolean isUp(PeerId peer) {
        return state(peer) == PeerState.UP;
    }

    /**
     * True when {@code peer} is up and this peer has received its metrics at least once: a member that just joined
     * counts as up before its first ping, but the allocator cannot place anything on it yet.
     */
    public boolean isUpAndHeard(PeerId peer) {
        return isUp(peer) && (peer.equals(self) || monitor.lastReceived(peer, MetricNames.PING).isPresent());
    }

    /** Since when {@code peer} is down, if it is. */
    public Optional<Instant> downSince(PeerId peer) {
        Status s = states.get(peer);
        return s != null && s.state() == PeerState.DOWN ? Optional.of(s.since()) : Optional.empty();
    }

    /** Every judged member's status. */
    public Map<PeerId, Status> statuses() {
        return states;
    }

    /** How many members are in each state. */
    public Map<PeerState, Integer> counts() {
        Map<PeerState, Integer> out = new EnumMap<>(PeerState.class);
        for (PeerState s : PeerState.values()) {
            out.put(s, 0);
        }
        states.values().forEach(s -> out.merge(s.state(), 1, Integer::sum));
        return out;
    }

    /** The members down now, for the repair planner. */
    public List<PeerId> downPeers() {
        return states.entrySet().stream().filter(e -> e.getValue().state() == PeerState.DOWN)
                .map(Map.Entry::getKey).sorted().toList();
    }
}
