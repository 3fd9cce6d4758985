package io.pincluster.consensus.ratis;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.consensus.codec.OpResult;
import io.pincluster.consensus.codec.PinRequest;
import io.pincluster.core.concurrent.Futures;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PinSetState;
import io.pincluster.core.state.WriteStageTimes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * This peer's pin writes (pins, unpins, moves, expiries): requests queue in a {@link BatchSubmitter}, which packs
 * what waits into one log entry; a batch goes straight to this peer's Raft server while it leads
 * ({@link LocalLeaderSubmit}), otherwise to the leader on the Raft client's ordered stream. A request is answered with
 * its decision once the entry is committed. The peer's other writes (directory, revocations, Pinning Service API and
 * archive records) are few and go one by one ({@link DirectWrites}).
 *
 * <p>Also keeps the highest log index this peer acknowledged a write at, which reads that must see this peer's own
 * writes wait for ({@link #acknowledgedWritesApplied}), and times each stage of a write ({@link WriteStageTimes}).
 */
final class BatchedWrites implements AutoCloseable {
    private final Duration requestTimeout;
    private final LocalLeaderSubmit localLeader;
    private final Supplier<RaftClient> client;
    private final PinSetStateMachine stateMachine;
    private final PinSetState state;
    private final BooleanSupplier removed;
    private final Function<Exception, ClusterException> failure;
    private final WriteStageTimes times;
    private final BatchSubmitter submitter;
    /** The highest log index of a write this peer acknowledged ({@link #acknowledgedWritesApplied}). */
    private final AtomicLong acknowledged = new AtomicLong();

    /**
     * Entries of re-allocations in flight beyond {@code batches_in_flight} (decision 0027): a repair's entries are
     * decided side by side on the leader instead of two at a time, so their waits for a core overlap. 100,000-pin
     * repair benchmark (session 31, two cores): 8.7-10.9 s from detection to the last commit against 9.5-12.0 s with
     * two entries in flight, within the machine's spread; with a collector-bound leader (1 GiB heaps) 8.4-14.5 s
     * against a median of 14.5 s.
     */
    static final int REALLOCATION_SENDERS = 2;

    /**
     * @param name    the peer's short name, for the sender threads
     * @param config  the request timeout, and how many requests, bytes and entries in flight a batch allows
     * @param removed whether the cluster removed this peer: it then refuses writes
     * @param failure what a failed or refused batch means to the caller (no quorum, refused, shut down...)
     */
    BatchedWrites(String name, ConsensusConfig config, LocalLeaderSubmit localLeader, Supplier<RaftClient> client,
                  PinSetStateMachine stateMachine, PinSetState state, BooleanSupplier removed,
                  Function<Exception, ClusterException> failure, WriteStageTimes times) {
        this.requestTimeout = config.requestTimeout();
        this.localLeader = localLeader;
        this.client = client;
        this.stateMachine = stateMachine;
        this.state = state;
        this.removed = removed;
        this.failure = failure;
        this.times = times;
        this.submitter = new BatchSubmitter(name, this::sendBatch, config.batchMaxOps(), config.batchMaxBytes(),
                config.batchesInFlight(), REALLOCATION_SENDERS, BatchSubmitter.DEFAULT_MAX_QUEUED, times);
    }

    /**
     * The decision on {@code request}, once its entry is committed (the leader replies once it applied it). A
     * follower does not wait for its own apply: that waited for the leader's next append to carry the commit index
     * over, a round trip and a log write more. Instead the entry's index becomes the lowest one
     * {@link #acknowledgedWritesApplied} waits for, so this peer's reads that must see its acknowledged writes (the
     * API's) wait at read time, and only while it is behind. Nothing here holds a thread: completions run on the batch
     * sender.
     */
    CompletableFuture<Pin> execute(PinRequest request) {
        return executeAll(List.of(request)).get(0);
    }

    /** {@link #execute} for each of {@code requests}, queued at once ({@link BatchSubmitter#submitAll}), in order. */
    List<CompletableFuture<Pin>> executeAll(List<PinRequest> requests) {
        if (removed.getAsBoolean()) {
            CompletableFuture<Pin> refused = CompletableFuture.failedFuture(RemovedPeerGuard.error());
            return Collections.nCopies(requests.size(), refused);
        }
        List<CompletableFuture<BatchSubmitter.Outcome>> queued = submitter.submitAll(requests);
        List<CompletableFuture<Pin>> out = new ArrayList<>(queued.size());
        for (CompletableFuture<BatchSubmitter.Outcome> f : queued) {
            out.add(answer(f));
        }
        return out;
    }

    private CompletableFuture<Pin> answer(CompletableFuture<BatchSubmitter.Outcome> queued) {
        // orTimeout completes the queued future itself, so a request whose caller gave up is not sent.
        CompletableFuture<BatchSubmitter.Outcome> committed = queued
                .orTimeout(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
        return committed.handle((outcome, error) -> {
            if (error != null) {
                Throwable cause = Futures.unwrap(error);
                throw cause instanceof TimeoutException ? noQuorum(requestTimeout, "timed out")
                        : cause instanceof ClusterException ce ? ce
                        : new ClusterException(ErrorCode.INTERNAL, "pinset change failed: " + cause, cause);
            }
            if (outcome.result() instanceof OpResult.Failed f) {
                throw f.toException();
            }
            return outcome;
        }).thenApply(outcome -> {
            acknowledged.accumulateAndGet(outcome.logIndex(), Math::max);
            return ((OpResult.Ok) outcome.result()).pin();
        });
    }

    /** Queues {@code request} without the caller's timeout or acknowledgement (the leader's expiry sweep). */
    CompletableFuture<BatchSubmitter.Outcome> submit(PinRequest request) {
        return submitter.submit(request);
    }

    /**
     * Completes once this peer has applied the highest log index it answered a write for, waiting at most the request
     * timeout; then fails with TIMEOUT (this peer lost touch with the leader after the commit, so it cannot show the
     * write).
     */
    CompletableFuture<Void> acknowledgedWritesApplied() {
        long index = acknowledged.get();
        if (state.appliedIndex() >= index) {
            return CompletableFuture.completedFuture(null);
        }
        return stateMachine.whenApplied(index).orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(error -> {
                    throw new ClusterException(ErrorCode.TIMEOUT, "this peer acknowledged writes up to log index "
                            + index + " but has applied only up to " + state.appliedIndex() + " after "
                            + requestTimeout.toMillis() + " ms; read from another peer or retry");
                });
    }

    private BatchSubmitter.Reply sendBatch(byte[] batch) {
        try {
            Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(batch));
            long sentAt = System.nanoTime();
            RaftClientReply reply = localLeader.submit(message).orElse(null);
            if (reply != null) {
                times.record(WriteStageTimes.Stage.SUBMIT_LOCAL, System.nanoTime() - sentAt);
            } else {
                sentAt = System.nanoTime(); // not counting the look at the local server
                reply = forward(message);
                times.record(WriteStageTimes.Stage.SUBMIT_FORWARDED, System.nanoTime() - sentAt);
            }
            if (!reply.isSuccess()) {
                throw failure.apply(reply.getException());
            }
            return new BatchSubmitter.Reply(reply.getMessage().getContent().toByteArray(), reply.getLogIndex());
        } catch (IOException e) {
            throw failure.apply(e);
        }
    }

    /**
     * Sends a batch to the leader on the Raft client's long-lived ordered stream and waits for the answer. The blocking
     * API would open a new gRPC call for each batch (a stream with its headers, a deadline timer, the leader's
     * interceptors, trailers). The client retries a request under its call id, so the leader's retry cache answers a
     * batch it already committed instead of deciding it twice.
     */
    private RaftClientReply forward(Message message) throws IOException {
        long waitMillis = 2 * requestTimeout.toMillis(); // the client gives up after about one timeout
        try {
            return client.get().async().send(message).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the leader committed a batch");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (TimeoutException e) {
            throw new IOException("the leader did not answer a batch within " + waitMillis + " ms", e);
        }
    }

    /** The answer to a write that was not committed within {@code timeout}. */
    static ClusterException noQuorum(Duration timeout, String detail) {
        return new ClusterException(ErrorCode.NO_QUORUM, "no quorum: the pinset change was not committed within "
                + timeout.toMillis() + " ms (" + detail + "); a majority of peers must be up");
    }

    /** Stops the senders; queued requests fail. */
    @Override
    public void close() {
        submitter.close();
    }
}
