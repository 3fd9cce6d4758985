package io.pincluster.it.repair;

import io.pincluster.it.cluster.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Watches, for as long as a test runs, that no pin ever has zero live copies: one background thread reads the
 * status of the next {@link CopyCensus#BATCH} pins from a live peer (the peers taking turns) every
 * {@code every}, round after round over the whole pinset, and keeps a ledger of every pin it saw with surely
 * no live {@code pinned} copy (see {@link PinCopies#surelyNoLiveCopy()}), with when and from which peer.
 *
 * <p>It costs one status request per tick whatever the pinset size, so it cannot overload the peers; with many
 * pins a round takes longer and a very short gap could go unseen (it is a sampler). The test tells it which peers
 * are down ({@link #peerGoingDown} before a kill, {@link #peerBackUp} once the peer answers again): a peer marked
 * down never counts as a live copy, even in an answer that started before the mark. {@link #close} stops it; call
 * it in a finally block (try-with-resources).
 */
final class ZeroCopySampler implements AutoCloseable {
    /**
     * How long one sample waits for its answer. A live peer answers a status within a second (issue 12), but a
     * request that went to a peer just before the test froze it would hang until the thaw and hold the one sampling
     * thread with it (FrozenPeerRepairIT saw 2 rounds in a whole freeze): such a request counts as unanswered.
     */
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(5);

    private final CopyCensus census;
    private final List<String> cids;
    private final int peers;
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();
    private final Map<String, String> ledger = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private final ScheduledExecutorService timer;

    private ZeroCopySampler(TestCluster cluster, List<String> cids) {
        this.census = new CopyCensus(cluster);
        this.cids = List.copyOf(cids);
        this.peers = cluster.size();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zero-copy-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    static ZeroCopySampler start(TestCluster cluster, List<String> cids, Duration every) {
        ZeroCopySampler s = new ZeroCopySampler(cluster, cids);
        s.timer.scheduleWithFixedDelay(s::sampleOneBatch, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    void peerGoingDown(int peer) {
        down.add(peer);
    }

    void peerBackUp(int peer) {
        down.remove(peer);
    }

    private void sampleOneBatch() {
        // An exception would cancel every later run of a scheduled task: count it and go on.
        try {
            int start = next.getAndAdd(CopyCensus.BATCH);
            List<String> batch = IntStream.range(start, start + CopyCensus.BATCH)
                    .mapToObj(k -> cids.get(Math.floorMod(k, cids.size()))).distinct().toList();
            Set<Integer> live = livePeers();
            List<Integer> askable = live.stream().sorted().toList();
            if (askable.isEmpty()) {
                return;
            }
            int via = askable.get(Math.floorMod(start / CopyCensus.BATCH, askable.size()));
            Map<String, PinCopies> copies = census.read(via, batch, live, SAMPLE_TIMEOUT);
            if (copies == null) {
                unanswered.incrementAndGet();
                return;
            }
            live.retainAll(livePeers()); // a peer marked down meanwhile does not count either
            Instant at = Instant.now();
            for (PinCopies p : copies.values()) {
                readings.incrementAndGet();
                PinCopies stillLive = p.amongLive(live);
                if (stillLive.surelyNoLiveCopy()) {
                    ledger.putIfAbsent(p.cid(), at + " via peer-" + via + ": no live peer reports it pinned;"
                            + " allocated peers reported " + stillLive.allocatedStatuses());
                }
            }
        } catch (RuntimeException | AssertionError e) {
            failures.incrementAndGet();
        }
    }

    private Set<Integer> livePeers() {
        Set<Integer> live = new HashSet<>();
        for (int i = 0; i < peers; i++) {
            if (!down.contains(i)) {
                live.add(i);
            }
        }
        return live;
    }

    /** Every pin seen with surely no live copy, by CID, with the first such observation. */
    Map<String, String> zeroCopyLedger() {
        return new TreeMap<>(ledger);
    }

    /** Pin statuses read so far: how much the ledger is worth. */
    long readings() {
        return readings.get();
    }

    /** Complete rounds over the pinset so far. */
    long rounds() {
        return readings.get() / cids.size();
    }

    /** One line for messages: readings, rounds, pins in the ledger, requests not answered, sampler errors. */
    String summary() {
        return readings() + " pin statuses read in " + rounds() + " rounds over " + cids.size() + " pins, "
                + ledger.size() + " pins seen with no live copy, " + unanswered.get() + " requests unanswered, "
                + failures.get() + " sampler errors";
    }

    /** Stops the sampling; an interrupt while waiting for it is kept on the thread and reported. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the zero-copy sampler did not stop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the zero-copy sampler", e);
        }
    }
}
