package io.pincluster.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.it.cluster.RestClient;
import io.pincluster.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load of a chaos run: one background thread that, every {@code every}, makes one attempt at one write through
 * the next peer in turn, and records each write the API acknowledged in a {@link PinLedger}. Four writes in five
 * {@code POST /add} a new small file pinned with replication {@value #RF_MIN}–{@value #RF_MAX} (real content the
 * peers have to store and exchange); the fifth unpins ({@code DELETE /pins/{cid}}) a random pin the ledger holds.
 * A write that fails (5xx, connection refused or reset: the peer is dead, partitioned or has no quorum) is retried,
 * unrecorded, through the next peer on the next tick, until it is acknowledged or the writer is closed.
 *
 * <p>An {@code /add} counts only with a 200 whose last line names the file's CID: the service writes that line
 * after the pin has committed, and a failure before it turns into an error status. A retried {@code /add} sends the
 * same bytes, so it pins the same CID. Only the peers' REST clients are used, never the cluster's control methods.
 */
final class PinWriter implements AutoCloseable {
    static final int RF_MIN = 2;
    static final int RF_MAX = 3;
    private static final int FILE_BYTES = 2048;
    private static final int UNPIN_ONE_IN = 5;
    private static final Duration UNPIN_TIMEOUT = Duration.ofSeconds(30);

    /** One write until it is acknowledged: an add of file {@code name}, or the unpin of {@code cid}. */
    private record Write(boolean add, String name, String cid, int failedAttempts) {
        Write failedOnce() {
            return new Write(add, name, cid, failedAttempts + 1);
        }
    }

    private final TestCluster cluster;
    private final PinLedger ledger;
    private final Random random;
    private final ScheduledExecutorService timer;
    private final List<String> anomalies = new ArrayList<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private Write pending;
    private int nextPeer;
    private int files;

    private PinWriter(TestCluster cluster, PinLedger ledger, long seed) {
        this.cluster = cluster;
        this.ledger = ledger;
        this.random = new Random(seed);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chaos-pin-writer");
            t.setDaemon(true);
            return t;
        });
    }

    static PinWriter start(TestCluster cluster, PinLedger ledger, long seed, Duration every) {
        PinWriter w = new PinWriter(cluster, ledger, seed);
        w.timer.scheduleWithFixedDelay(w::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    private void tick() {
        // An exception would cancel every later run of a scheduled task: count it and go on.
        try {
            if (pending == null) {
                pending = nextWrite();
            }
            RestClient via = cluster.peer(Math.floorMod(nextPeer++, cluster.size())).client();
            pending = pending.add() ? add(via, pending) : unpin(via, pending);
        } catch (RuntimeException | AssertionError e) {
            errors.incrementAndGet();
            record("writer error: " + e);
        }
    }

    private Write nextWrite() {
        List<String> unpinnable = List.copyOf(ledger.mustBePinned());
        if (!unpinnable.isEmpty() && random.nextInt(UNPIN_ONE_IN) == 0) {
            return new Write(false, null, unpinnable.get(random.nextInt(unpinnable.size())), 0);
        }
        return new Write(true, "chaos-" + files++, null, 0);
    }

    /** Returns the write still to do: null once acknowledged or given up, the same write after a failure. */
    private Write add(RestClient via, Write w) {
        RestClient.Answer a = via.add(w.name(), content(w.name()),
                "replication-min=" + RF_MIN + "&replication-max=" + RF_MAX + "&name=" + w.name());
        if (a.status() == 200) {
            List<JsonNode> lines = a.lines();
            String cid = lines.isEmpty() ? "" : lines.get(lines.size() - 1).path("cid").asText("");
            if (cid.isEmpty()) {
                record("POST /add of " + w.name() + " via " + via.base() + " answered 200 without a CID: " + a.body());
                return null;
            }
            ledger.pinAcknowledged(cid, w.failedAttempts() > 0);
            acknowledged.incrementAndGet();
            return null;
        }
        return failedOrGivenUp(via, w, a, "POST /add of " + w.name());
    }

    private Write unpin(RestClient via, Write w) {
        RestClient.Answer a = via.call("DELETE", "/pins/" + w.cid(), UNPIN_TIMEOUT);
        if (a.ok()) {
            ledger.unpinAcknowledged(w.cid());
            acknowledged.incrementAndGet();
            return null;
        }
        if (a.status() == 404) {
            if (w.failedAttempts() > 0) {
                ledger.unpinOutcomeUnknown(w.cid()); // most likely an earlier, failed attempt did apply
            } else {
                record("DELETE /pins/" + w.cid() + " of an acknowledged pin via " + via.base() + " answered 404 at"
                        + " the first attempt: " + a.body());
            }
            return null;
        }
        return failedOrGivenUp(via, w, a, "DELETE /pins/" + w.cid());
    }

    /** A 5xx or no answer is retried; any other answer is a mistake of the test or a bug: recorded, given up. */
    private Write failedOrGivenUp(RestClient via, Write w, RestClient.Answer a, String what) {
        if (a.status() == -1 || a.status() / 100 == 5) {
            failedAttempts.incrementAndGet();
            return w.failedOnce();
        }
        record(what + " via " + via.base() + " answered " + a.status() + ": " + a.body());
        if (!w.add() && w.failedAttempts() > 0) {
            ledger.unpinOutcomeUnknown(w.cid());
        }
        return null;
    }

    private synchronized void record(String anomaly) {
        anomalies.add(anomaly);
    }

    /** Answers the writer did not expect (neither an acknowledgement nor a retryable failure). */
    synchronized List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** One line for messages. */
    String summary() {
        return acknowledged.get() + " writes acknowledged, " + failedAttempts.get() + " failed attempts retried, "
                + anomalies().size() + " unexpected answers, " + errors.get() + " writer errors";
    }

    /**
     * Stops the writer; an unpin it was still retrying may or may not have been applied, so the ledger learns that
     * its outcome is unknown.
     */
    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        if (!timer.awaitTermination(90, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the chaos pin writer did not stop within 90 s");
        }
        if (pending != null && !pending.add() && pending.failedAttempts() > 0) {
            ledger.unpinOutcomeUnknown(pending.cid());
        }
    }

    /** {@link #FILE_BYTES} bytes that differ for every name and are the same for every attempt of one name. */
    private static byte[] content(String name) {
        byte[] bytes = new byte[FILE_BYTES];
        new Random(name.hashCode()).nextBytes(bytes);
        byte[] label = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, bytes, 0, Math.min(label.length, bytes.length));
        return bytes;
    }
}
