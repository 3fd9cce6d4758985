package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.OpResult;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.consensus.codec.PinRequest;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.WriteStageTimes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Groups this peer's pin/unpin requests into log entries. A few sender threads each take whatever is
 * queued (up to the op and byte limits), send it as one batch and wait for the reply; requests arriving
 * meanwhile queue up for the next batch. So a lone request goes out at once, and under load the number
 * of log entries grows far slower than the number of requests.
 *
 * <p>Two lanes: re-allocations ({@link PinRequest.Reallocate}, the leader's own repairs, drains, rebalancing, top-ups
 * and hot-copy moves) queue behind the users' pins and unpins, so a repair that keeps tens of thousands of
 * re-allocations in flight does not hold a user's write for the seconds its backlog takes. While re-allocations wait,
 * every batch keeps a quarter of its room for them, so a steady stream of user writes cannot stall a repair either.
 * And one more sender than {@code senderCount} takes only users' writes, and only while a batch carrying
 * re-allocations is in flight: a user's write then need not wait for a repair's entry to come back (seconds on a busy
 * cluster) before it gets a sender; without re-allocations in flight, the users' writes have {@code senderCount}
 * senders, as before.
 *
 * <p>And {@code reallocationSenders} more take only re-allocations, so a repair keeps up to {@code senderCount +
 * reallocationSenders} entries in flight. On the leader each entry's decisions wait for a core while the new copies
 * keep the machine busy (the deciding thread spent 5-20 times its CPU time in the run queue, 100,000-pin repair
 * benchmark, session 31); entries decided side by side overlap those waits. Idle while no re-allocation waits.
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

    /** The users' writes: taken first. */
    private final ArrayDeque<Pending> foreground = new ArrayDeque<>();
    /** Re-allocations: what room a batch has after the users' writes, and at least {@link #backgroundShare}. */
    private final ArrayDeque<Pending> background = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a request is queued: the senders that take either lane wait on it. */
    private final Condition queued = lock.newCondition();
    /** Signalled when users' writes wait while a batch carrying re-allocations is in flight: the express sender's. */
    private final Condition usersHeldBack = lock.newCondition();
    /** Signalled when a re-allocation is queued: the re-allocation senders'. */
    private final Condition reallocationQueued = lock.newCondition();
    private final int maxQueued;
    private final int backgroundShare;
    private final Transport transport;
    private final int maxOps;
    private final int maxBytes;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicLong batchesSent = new AtomicLong();
    private final WriteStageTimes times;
    /** Batches in flight that carry re-allocations; guarded by {@link #lock}. */
    private int backgroundInFlight;
    private volatile boolean closed;

    /** @param times where each request's wait for its batch is counted ({@link WriteStageTimes.Stage#QUEUED}) */
    public BatchSubmitter(String name, Transport transport, int maxOps, int maxBytes, int senderCount,
                          WriteStageTimes times) {
        this(name, transport, maxOps, maxBytes, senderCount, DEFAULT_MAX_QUEUED, times);
    }

    /** As above, refusing a request when {@code maxQueued} are already waiting. */
    public BatchSubmitter(String name, Transport transport, int maxOps, int maxBytes, int senderCount,
                          int maxQueued, WriteStageTimes times) {
        this(name, transport, maxOps, maxBytes, senderCount, 0, maxQueued, times);
    }

    /** As above, with {@code reallocationSenders} more senders that take only re-allocations. */
    public BatchSubmitter(String name, Transport transport, int maxOps, int maxBytes, int senderCount,
                          int reallocationSenders, int maxQueued, WriteStageTimes times) {
        if (senderCount < 1 || reallocationSenders < 0) {
            throw new IllegalArgumentException("senderCount must be at least 1 and reallocationSenders at least 0, not "
                    + senderCount + " and " + reallocationSenders);
        }
        this.maxQueued = maxQueued;
        this.times = times;
        this.transport = transport;
        this.maxOps = maxOps;
        this.maxBytes = maxBytes;
        this.backgroundShare = Math.max(1, maxOps / 4);
        for (int i = 0; i < senderCount; i++) {
            startSender(name + "-" + i, Takes.EITHER);
        }
        startSender(name + "-users", Takes.USERS);
        for (int i = 0; i < reallocationSenders; i++) {
            startSender(name + "-moves-" + i, Takes.REALLOCATIONS);
        }
    }

    /** What a sender takes: either lane (users first), users' writes only (express), re-allocations only. */
    private enum Takes { EITHER, USERS, REALLOCATIONS }

    private void startSender(String name, Takes takes) {
        Thread t = new Thread(() -> run(takes), "pinset-submit-" + name);
        t.setDaemon(true);
        senders.add(t);
        t.start();
    }

    /** A batch and whether it carries re-allocations. */
    private record Batch(List<Pending> requests, boolean background) {
    }

    public CompletableFuture<Outcome> submit(PinRequest request) {
        return submitAll(List.of(request)).get(0);
    }

    /**
     * {@link #submit} for each of {@code requests}, queued under one lock and with one wake-up of the senders: the
     * planner hands over tens of thousands of re-allocations at the start of a repair, and queued one by one, each
     * woke a sender that took the few queued so far, so the first entries in flight carried a handful each and the
     * rest waited for their round trips (100,000-pin repair benchmark, session 32). The futures are in the order of
     * {@code requests}.
     */
    public List<CompletableFuture<Outcome>> submitAll(List<PinRequest> requests) {
        List<CompletableFuture<Outcome>> out = new ArrayList<>(requests.size());
        long now = System.nanoTime();
        boolean users = false;
        boolean moves = false;
        lock.lock();
        try {
            for (PinRequest request : requests) {
                CompletableFuture<Outcome> f = new CompletableFuture<>();
                out.add(f);
                boolean move = request instanceof PinRequest.Reallocate;
                ArrayDeque<Pending> lane = move ? background : foreground;
                if (closed) { // close() empties the lanes under the lock: nothing added after it waits forever
                    f.completeExceptionally(closedError());
                } else if (lane.size() >= maxQueued) { // per lane: the planner's backlog never turns a user away
                    f.completeExceptionally(new ClusterException(ErrorCode.UNAVAILABLE, "too many pin requests "
                            + "waiting (" + maxQueued + ") for the Raft leader; retry later"));
                } else {
                    lane.add(new Pending(request, estimateSize(request), f, now));
                    users |= !move;
                    moves |= move;
                }
            }
            if (users || moves) {
                // one request: one sender is enough; many: every idle sender may take a batch of them
                boolean one = requests.size() == 1;
                signal(queued, one);
                if (users && backgroundInFlight > 0) {
                    signal(usersHeldBack, one);
                }
                if (moves) {
                    signal(reallocationQueued, one);
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    private static void signal(Condition condition, boolean one) {
        if (one) {
            condition.signal();
        } else {
            condition.signalAll();
        }
    }

    public long batchesSent() {
        return batchesSent.get();
    }

    private void run(Takes takes) {
        PinOpCodec codec = new PinOpCodec();
        while (!closed) {
            Batch batch;
            try {
                batch = switch (takes) {
                    case EITHER -> nextBatch();
                    case USERS -> nextUsersBatch();
                    case REALLOCATIONS -> nextReallocationBatch();
                };
            } catch (InterruptedException e) {
                break;
            }
            try {
                if (!batch.requests().isEmpty()) {
                    send(codec, batch.requests());
                }
            } finally {
                if (batch.background()) {
                    lock.lock();
                    try {
                        backgroundInFlight--;
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }
    }

    /**
     * What waits, up to the limits: the users' writes first, but while re-allocations wait at most all but
     * {@link #backgroundShare} of the batch; then re-allocations in what room is left.
     */
    private Batch nextBatch() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (foreground.isEmpty() && background.isEmpty()) {
                queued.await();
            }
            List<Pending> batch = new ArrayList<>();
            int[] bytes = {0};
            int foregroundRoom = background.isEmpty() ? maxOps : Math.max(1, maxOps - backgroundShare);
            take(foreground, batch, bytes, foregroundRoom);
            int users = batch.size();
            take(background, batch, bytes, maxOps);
            boolean carriesBackground = batch.size() > users;
            if (carriesBackground) {
                reallocationsGoOut();
            }
            return new Batch(batch, carriesBackground);
        } finally {
            lock.unlock();
        }
    }

    /** Users' writes only, once some are waiting while a batch carrying re-allocations is in flight. */
    private Batch nextUsersBatch() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (foreground.isEmpty() || backgroundInFlight == 0) {
                usersHeldBack.await();
            }
            List<Pending> batch = new ArrayList<>();
            take(foreground, batch, new int[] {0}, maxOps);
            return new Batch(batch, false);
        } finally {
            lock.unlock();
        }
    }

    /** Re-allocations only, once some wait. */
    private Batch nextReallocationBatch() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (background.isEmpty()) {
                reallocationQueued.await();
            }
            List<Pending> batch = new ArrayList<>();
            take(background, batch, new int[] {0}, maxOps);
            if (batch.isEmpty()) { // every one taken was given up by its caller
                return new Batch(batch, false);
            }
            reallocationsGoOut();
            return new Batch(batch, true);
        } finally {
            lock.unlock();
        }
    }

    /** A batch carrying re-allocations is taken (under {@link #lock}): the express sender may take users' writes now. */
    private void reallocationsGoOut() {
        backgroundInFlight++;
        if (!foreground.isEmpty()) {
            usersHeldBack.signal();
        }
    }

    /** Moves requests from {@code lane} into {@code batch} while it holds fewer than {@code upTo} and fits the bytes. */
    private void take(ArrayDeque<Pending> lane, List<Pending> batch, int[] bytes, int upTo) {
        for (Pending p = lane.peekFirst(); p != null && batch.size() < upTo; p = lane.peekFirst()) {
            if (!batch.isEmpty() && bytes[0] + p.bytes > maxBytes) {
                return;
            }
            lane.pollFirst();
            if (!p.future.isDone()) { // a caller that gave up (timeout) is not sent
                batch.add(p);
                bytes[0] += p.bytes;
            }
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
        List<Pending> left = new ArrayList<>();
        lock.lock();
        try {
            left.addAll(foreground);
            left.addAll(background);
            foreground.clear();
            background.clear();
        } finally {
            lock.unlock();
        }
        left.forEach(p -> p.future.completeExceptionally(closedError()));
    }
}
