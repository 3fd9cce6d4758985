package io.pincluster.service.monitor;

import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code interval}: reads the informers, stores the result in this peer's own monitor and sends it
 * to every other peer over the cluster RPC, each metric expiring {@code ttl} after it was read; then
 * checks the monitor for expired metrics (alerts). Sending to all peers, not just the leader, lets any
 * peer answer {@code /monitor/metrics} and lets a new leader allocate at once.
 *
 * <p>Sends run on a small pool; a peer whose previous send has not finished is skipped this round, so a
 * dead peer (waiting out the RPC deadline) neither delays the others nor piles up sends.
 */
public final class MetricsPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsPublisher.class);

    private final PeerId self;
    private final List<Informer> informers;
    private final PeerMonitor monitor;
    private final Supplier<? extends Collection<PeerId>> peers;
    private final PeerRpc rpc;
    private final Duration interval;
    private final Duration ttl;
    private final Clock clock;
    private final Set<PeerId> sending = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService ticker;
    private ExecutorService senders;

    /**
     * @param peers the cluster members to send to (this peer is skipped: it stores its own metrics directly)
     * @param rpc   the cluster RPC client, or null for a peer that only monitors itself
     */
    public MetricsPublisher(PeerId self, List<Informer> informers, PeerMonitor monitor,
                            Supplier<? extends Collection<PeerId>> peers, PeerRpc rpc, Duration interval,
                            Duration ttl, Clock clock) {
        if (interval.isNegative() || interval.isZero() || ttl.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("metrics need a positive interval and a TTL longer than it; got "
                    + "interval " + interval + ", ttl " + ttl);
        }
        this.self = self;
        this.informers = List.copyOf(informers);
        this.monitor = monitor;
        this.peers = peers;
        this.rpc = rpc;
        this.interval = interval;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Publishes at once, then every interval, on daemon threads. */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("metrics-publisher"));
        senders = Executors.newFixedThreadPool(4, daemon("metrics-sender"));
        ticker.scheduleWithFixedDelay(this::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        try {
            publishOnce();
            monitor.checkExpiries();
        } catch (RuntimeException e) {
            LOG.warn("{}: publishing metrics failed: {}", self, e.toString());
        }
    }

    /** This peer's metrics now, expiring {@code ttl} from now; an informer that fails is left out. */
    public List<Metric> collect() {
        Instant expire = clock.instant().plus(ttl);
        List<Metric> out = new ArrayList<>();
        for (Informer informer : informers) {
            try {
                out.addAll(informer.collect(expire));
            } catch (RuntimeException e) {
                LOG.debug("{}: informer {} failed: {}", self, informer.getClass().getSimpleName(), e.toString());
            }
        }
        return out;
    }

    /** Collects once, stores locally, and starts the sends to the other peers (when started). */
    public List<Metric> publishOnce() {
        List<Metric> metrics = collect();
        monitor.accept(metrics);
        ExecutorService pool = senders;
        if (rpc == null || pool == null) {
            return metrics;
        }
        for (PeerId peer : peers.get()) {
            if (peer.equals(self) || !sending.add(peer)) {
                continue;
            }
            try {
                pool.execute(() -> send(peer, metrics));
            } catch (RejectedExecutionException e) {
                sending.remove(peer); // closing
            }
        }
        return metrics;
    }

    private void send(PeerId peer, List<Metric> metrics) {
        try {
            rpc.sendMetrics(peer, metrics);
        } catch (RuntimeException e) {
            LOG.debug("{}: sending metrics to {} failed: {}", self, peer, e.toString());
        } finally {
            sending.remove(peer);
        }
    }

    public Duration interval() {
        return interval;
    }

    public Duration ttl() {
        return ttl;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            senders.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
                senders.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
