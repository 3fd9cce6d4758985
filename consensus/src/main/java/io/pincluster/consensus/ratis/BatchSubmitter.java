package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.OpResult;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.consensus.codec.PinRequest;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.WriteStageTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Groups this peer's pin/unpin requests into log entries. A few sender threads each take whatever is
 * queued (up to the op and byte limits), send it as one batch and wait for the reply; requests arriving
 * meanwhile queue up for the next batch. So a lone request goes out at once, and under load the number
 * of log entries grows far slower than the number of requests.
 */
public final class BatchSubmitter implements AutoCloseable {
    /** Sends one encoded batch to the leader; fails with a {@link ClusterException}. */
    public interface Transport {
        Reply send(byte[] batch);
    }

    /** Encoded per-request results and the log index of the entry that carried them. */
    public record Reply(byte[] results, long logIndex) {
    }

    /** One request's outcome. */
    public record Outcome(OpResult result, long logIndex) {
    }

    private record Pending(PinRequest request, int bytes, CompletableFuture<Outcome> future, long queuedAt) {
    }

    /**
     * Requests waiting for a sender by default: ten full {@code POST /pins} batches. More are refused at once (503,
     * retry later) instead of queueing without end while the leader is slow or gone.
     */
    public static final int DEFAULT_MAX_QUEUED = 100_000;

    private final BlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
    private final int maxQueued;
    private final Object drainLock = new Object();
    private final Transport transport;
    private final int maxOps;
    private final int maxBytes;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicLong batchesSent = new AtomicLong();
    private final WriteStageTimes times;
    private volatile boolean closed;

    /** @param times where each request's wait for its batch is counted ({@link WriteStageTimes.Stage#QUEUED}) */
    public BatchSubmitter(String name, Transport transport, int maxOps, int maxBytes, int senderCount,
                          WriteStageTimes times) {
        this(name, transport, maxOps, maxBytes, senderCount, DEFAULT_MAX_QUEUED, times);
    }

    /** As above, refusing a request when {@code maxQueued} are already waiting. */
    public BatchSubmitter(String name, Transport transport, int maxOps, int maxBytes, int senderCount,
                          int maxQueued, WriteStageTimes times) {
        this.maxQueued = maxQueued;
        this.times = times;
        this.transport = transport;
        this.maxOps = maxOps;
        this.maxBytes = maxBytes;
        for (int i = 0; i < senderCount; i++) {
            Thread t = new Thread(this::run, "pinset-submit-" + name + "-" + i);
            t.setDaemon(true);
            senders.add(t);
            t.start();
        }
    }

    public CompletableFuture<Outcome> submit(PinRequest request) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(closedError());
            return f;
        }
        // size() and add() are not one step: a burst may overshoot by a few, which is harmless
        if (queue.size() >= maxQueued) {
            f.completeExceptionally(new ClusterException(ErrorCode.UNAVAILABLE, "too many pin requests waiting ("
                    + maxQueued + ") for the Raft leader; retry later"));
            return f;
        }
        queue.add(new Pending(request, estimateSize(request), f, System.nanoTime()));
        return f;
    }

    public long batchesSent() {
        return batchesSent.get();
    }

    private void run() {
        PinOpCodec codec = new PinOpCodec();
        while (!closed) {
            List<Pending> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                break;
            }
            if (!batch.isEmpty()) {
                send(codec, batch);
            }
        }
    }

    private List<Pending> nextBatch() throws InterruptedException {
        synchronized (drainLock) {
            List<Pending> batch = new ArrayList<>();
            Pending first = queue.take();
            int bytes = 0;
            for (Pending p = first; p != null; p = queue.pollFirst()) {
                if (!batch.isEmpty() && (batch.size() >= maxOps || bytes + p.bytes > maxBytes)) {
                    queue.addFirst(p);
                    break;
                }
                if (!p.future.isDone()) { // a caller that gave up (timeout) is not sent
                    batch.add(p);
                    bytes += p.bytes;
                }
            }
            return batch;
        }
    }

    private void send(PinOpCodec codec, List<Pending> batch) {
        try {
            long sentAt = System.nanoTime();
            for (Pending p : batch) {
                times.record(WriteStageTimes.Stage.QUEUED, sentAt - p.queuedAt);
            }
            Reply reply = transport.send(codec.encodeRequests(batch.stream().map(Pending::request).toList()));
            batchesSent.incrementAndGet();
            List<OpResult> results = codec.decodeResults(reply.results());
            if (results.size() == 1 && batch.size() > 1 && results.get(0) instanceof OpResult.Failed f) {
                failAll(batch, f.toException()); // the whole entry was unreadable
                return;
            }
            if (results.size() != batch.size()) {
                failAll(batch, new ClusterException(ErrorCode.INTERNAL,
                        "leader answered " + results.size() + " results for " + batch.size() + " requests"));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).future.complete(new Outcome(results.get(i), reply.logIndex()));
            }
        } catch (ClusterException e) {
            failAll(batch, e);
        } catch (RuntimeException e) {
            failAll(batch, new ClusterException(ErrorCode.INTERNAL, "submitting pins failed: " + e, e));
        }
    }

    private static void failAll(List<Pending> batch, ClusterException e) {
        batch.forEach(p -> p.future.completeExceptionally(e));
    }

    /** An upper-bound guess of a request's encoded size, to keep entries below the byte limit. */
    static int estimateSize(PinRequest request) {
        int size = 16 + request.cid().byteLength();
        if (request instanceof PinRequest.Pin pin) {
            PinOptions o = pin.options();
            size += 64 + 3 * o.name().length() + 64 * o.userAllocations().size();
            for (var e : o.metadata().entrySet()) {
                size += 8 + 3 * (e.getKey().length() + e.getValue().length());
            }
            for (String origin : o.origins()) {
                size += 4 + 3 * origin.length();
            }
        }
        return size;
    }

    private static ClusterException closedError() {
        return new ClusterException(ErrorCode.UNAVAILABLE, "consensus is shut down");
    }

    @Override
    public void close() {
        closed = true;
        senders.forEach(Thread::interrupt);
        for (Thread t : senders) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Pending p; (p = queue.pollFirst()) != null; ) {
            p.future.completeExceptionally(closedError());
        }
    }
}
