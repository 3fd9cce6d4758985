package io.pincluster.service.monitor;

import io.pincluster.core.component.MonitorApi;
import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The metrics every peer published, latest per (peer, name), and the alerts raised when one expired.
 * Validity is the metric's own expiry against the injected clock. As in ipfs-cluster's pubsubmon, a
 * (peer, name) raises one alert when it expires, and another only after a valid metric came in between;
 * peers outside the current peerset raise none. Thread-safe.
 */
public final class PeerMonitor implements MonitorApi {
    /** ipfs-cluster keeps at most this many alerts. */
    public static final int MAX_ALERTS = 1000;

    private record Key(PeerId peer, String name) {
    }

    private final Clock clock;
    private final Supplier<? extends Collection<PeerId>> peerset;
    private final ConcurrentHashMap<Key, Metric> latest = new ConcurrentHashMap<>();
    private final Set<Key> alerted = ConcurrentHashMap.newKeySet();
    private final Deque<Alert> alerts = new ArrayDeque<>(); // newest first; guarded by itself
    private final AtomicLong version = new AtomicLong();

    /** @param peerset the current cluster members, asked when answering and when checking expiries */
    public PeerMonitor(Clock clock, Supplier<? extends Collection<PeerId>> peerset) {
        this.clock = clock;
        this.peerset = peerset;
    }

    /**
     * Stores metrics received from a peer (or from this one), stamping them with the time received. Of
     * two metrics for the same (peer, name), the one expiring later is kept: sends can overtake each other.
     */
    public void accept(List<Metric> metrics) {
        Instant now = clock.instant();
        for (Metric m : metrics) {
            Metric stamped = m.receivedAt(now);
            Key key = new Key(m.peer(), m.name());
            latest.merge(key, stamped, (old, neu) -> neu.expire().isBefore(old.expire()) ? old : neu);
            if (stamped.isValidAt(now)) {
                alerted.remove(key);
            }
        }
        version.incrementAndGet();
    }

    /** Changes whenever metrics are received, so a reader can tell its copy is still current. */
    public long version() {
        return version.get();
    }

    /** The latest metric of every (peer, name), expired or not, for {@code MetricsSnapshot.validAt}. */
    public List<Metric> metrics() {
        return new ArrayList<>(latest.values());
    }

    /** Every metric name seen, sorted. */
    @Override
    public List<String> metricNames() {
        Set<String> names = new TreeSet<>();
        latest.keySet().forEach(k -> names.add(k.name()));
        return List.copyOf(names);
    }

    /** The valid metric {@code name} of each current peer, in peer ID order. */
    @Override
    public List<Metric> validMetrics(String name) {
        Instant now = clock.instant();
        Set<PeerId> members = new HashSet<>(peerset.get());
        List<Metric> out = new ArrayList<>();
        latest.forEach((k, m) -> {
            if (k.name().equals(name) && members.contains(k.peer()) && m.isValidAt(now)) {
                out.add(m);
            }
        });
        out.sort(Comparator.comparing(Metric::peer));
        return out;
    }

    /**
     * Raises an alert for each current peer's metric that has expired since its last alert.
     *
     * @return the alerts raised by this check, oldest expiry first
     */
    public List<Alert> checkExpiries() {
        Instant now = clock.instant();
        Set<PeerId> members = new HashSet<>(peerset.get());
        List<Alert> raised = new ArrayList<>();
        latest.forEach((k, m) -> {
            if (members.contains(k.peer()) && !m.isValidAt(now) && alerted.add(k)) {
                raised.add(new Alert(m, now));
            }
        });
        raised.sort(Comparator.comparing((Alert a) -> a.metric().expire())
                .thenComparing(a -> a.metric().peer()).thenComparing(a -> a.metric().name()));
        synchronized (alerts) {
            raised.forEach(alerts::addFirst);
            while (alerts.size() > MAX_ALERTS) {
                alerts.removeLast();
            }
        }
        return raised;
    }

    /** When the latest {@code name} metric of {@code peer} was received, if one ever was. */
    public Optional<Instant> lastReceived(PeerId peer, String name) {
        Metric m = latest.get(new Key(peer, name));
        return m == null ? Optional.empty() : Optional.of(m.receivedAt());
    }

    /** Records an alert raised elsewhere (a peer changing state), so {@code /health/alerts} lists it. */
    public void raise(Alert alert) {
        synchronized (alerts) {
            alerts.addFirst(alert);
            while (alerts.size() > MAX_ALERTS) {
                alerts.removeLast();
            }
        }
    }

    /** Alerts raised so far, most recent first, at most {@value #MAX_ALERTS}. */
    @Override
    public List<Alert> alerts() {
        synchronized (alerts) {
            return List.copyOf(alerts);
        }
    }
}
