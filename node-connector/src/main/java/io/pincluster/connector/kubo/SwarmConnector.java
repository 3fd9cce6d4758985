package io.pincluster.connector.kubo;

import io.pincluster.core.error.ClusterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this peer's daemon connected to the daemons of the other cluster peers, so a pin made through the daemon
 * can fetch blocks straight from them (ipfs-cluster's {@code connect_swarms_delay}). Every round asks
 * {@code peerAddresses} for the other daemons' multiaddrs (each ending in {@code /p2p/<id>}) and connects to them;
 * connecting again to a connected node is cheap, and rounds keep going after failures.
 */
public final class SwarmConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmConnector.class);

    private final KuboConnector node;
    private final Supplier<? extends Collection<String>> peerAddresses;
    private final Duration interval;
    private final ScheduledExecutorService timer;
    private int lastConnected = -1; // only the timer thread touches it

    public SwarmConnector(KuboConnector node, Supplier<? extends Collection<String>> peerAddresses,
                          Duration interval) {
        this.node = node;
        this.peerAddresses = peerAddresses;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubo-swarm-connect");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the first round after {@code initialDelay}, then one every interval. */
    public void start(Duration initialDelay) {
        timer.scheduleWithFixedDelay(this::safeRound, initialDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * One round, now: connects to every address that is not the daemon's own.
     *
     * @return how many addresses were connected
     */
    public int connectOnce() {
        String self = node.id().id();
        List<String> targets = new ArrayList<>();
        for (String addr : peerAddresses.get()) {
            if (addr != null && !addr.isBlank() && !addr.endsWith("/p2p/" + self)) {
                targets.add(addr);
            }
        }
        return targets.isEmpty() ? 0 : node.swarmConnect(targets);
    }

    private void safeRound() {
        try {
            int n = connectOnce();
            if (n != lastConnected) { // say it when it changes, not every round
                LOG.info("IPFS daemon swarm-connected to {} other daemon address(es)", n);
                lastConnected = n;
            }
        } catch (ClusterException e) {
            LOG.info("swarm/connect round failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("swarm/connect round failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
