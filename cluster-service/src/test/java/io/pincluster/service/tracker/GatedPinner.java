package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the block exchange (the network edge): records the order pins start in, can fail a CID a number
 * of times, or hold it until released or cancelled; then pins for real through the connector.
 */
final class GatedPinner implements ContentPinner {
    private final ContentPinner local;
    final List<Cid> started = new CopyOnWriteArrayList<>();
    private final Map<Cid, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<Cid, CountDownLatch> gates = new ConcurrentHashMap<>();
    final Map<Cid, PinProgress> running = new ConcurrentHashMap<>();
    /** What {@link #missingBlocks} reports per CID; cleared for a CID once it is pinned. */
    final Map<Cid, List<Cid>> missing = new ConcurrentHashMap<>();

    GatedPinner(NodeConnector connector) {
        this.local = ContentPinner.localOnly(connector);
    }

    void failNext(Cid cid, int times) {
        failures.put(cid, new AtomicInteger(times));
    }

    void hold(Cid cid) {
        gates.put(cid, new CountDownLatch(1));
    }

    void release(Cid cid) {
        gates.remove(cid).countDown();
    }

    @Override
    public CompletableFuture<Void> pin(Pin pin, PinProgress progress) {
        Cid cid = pin.cid();
        started.add(cid);
        AtomicInteger f = failures.get(cid);
        if (f != null && f.getAndDecrement() > 0) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "no peer has " + cid);
        }
        CountDownLatch gate = gates.get(cid);
        running.put(cid, progress);
        try {
            while (gate != null && gate.getCount() > 0) {
                progress.throwIfCancelled();
                gate.await(5, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PinCancelledException("interrupted");
        } finally {
            running.remove(cid);
        }
        return local.pin(pin, progress).thenRun(() -> missing.remove(cid));
    }

    @Override
    public List<Cid> missingBlocks(Pin pin) {
        return missing.getOrDefault(pin.cid(), List.of());
    }
}
