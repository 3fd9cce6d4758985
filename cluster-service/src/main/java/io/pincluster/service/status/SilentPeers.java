package io.pincluster.service.status;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.time.GoDuration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Peers that let the status deadline ({@code cluster.status_timeout}) pass. A hung peer (e.g. frozen with SIGSTOP)
 * keeps its TCP connections open, so calls to it neither fail nor end until their own deadline. The first status
 * answer that waits for it pays the status deadline once; from then on answers do not ask it at all and mark its
 * entry at once ({@link #skipReason}), so it costs them nothing. One probe at a time, in the background and bounded
 * by the same deadline, finds out when it answers again; an answer of any kind (even an error) ends the silence,
 * because a peer that fails fast costs nothing either.
 */
public final class SilentPeers {
    private record Silence(Instant since, boolean probing) {
    }

    private final Duration deadline;
    private final Consumer<PeerId> probe;
    private final ExecutorService pool;
    private final Clock clock;
    private final ConcurrentHashMap<PeerId, Silence> silent = new ConcurrentHashMap<>();

    /**
     * @param deadline how long a peer may take to answer a status call
     * @param probe    a cheap call to the peer (e.g. its id); any exception counts as an answer
     * @param pool     runs the probes and waits for them
     */
    public SilentPeers(Duration deadline, Consumer<PeerId> probe, ExecutorService pool, Clock clock) {
        this.deadline = deadline;
        this.probe = probe;
        this.pool = pool;
        this.clock = clock;
    }

    public Duration deadline() {
        return deadline;
    }

    /** What a peer entry says when the peer did not answer within the deadline this time. */
    public String missedText() {
        return "the peer did not answer within the status deadline (cluster.status_timeout = "
                + GoDuration.format(deadline) + ")";
    }

    /** What a peer entry says when the peer was not asked because it missed the deadline before. */
    private String skippedText(Instant since) {
        return missedText() + " at " + since + "; not asked again until it answers";
    }

    /** A call to {@code peer} let the deadline pass: later answers do not ask it until it answers a probe. */
    public void missed(PeerId peer) {
        silent.putIfAbsent(peer, new Silence(clock.instant(), false));
    }

    /** {@code peer} answered: it is asked again. */
    public void answered(PeerId peer) {
        silent.remove(peer);
    }

    public boolean isSilent(PeerId peer) {
        return silent.containsKey(peer);
    }

    /**
     * Empty when {@code peer} should be asked; otherwise the text of its entry, and a probe is started unless one is
     * already running.
     */
    public Optional<String> skipReason(PeerId peer) {
        boolean[] start = {false};
        Silence s = silent.computeIfPresent(peer, (p, old) -> {
            if (old.probing()) {
                return old;
            }
            start[0] = true;
            return new Silence(old.since(), true);
        });
        if (s == null) {
            return Optional.empty();
        }
        if (start[0]) {
            startProbe(peer);
        }
        return Optional.of(skippedText(s.since()));
    }

    /**
     * Runs {@code call} to {@code peer} on the pool and waits at most the deadline: a late call is cancelled, the peer
     * recorded as silent and a {@code TIMEOUT} thrown; an answer, or a failure (rethrown), ends its silence.
     */
    public <T> T call(PeerId peer, Callable<T> call) {
        Future<T> pending = pool.submit(call);
        try {
            T answer = pending.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            answered(peer);
            return answer;
        } catch (ExecutionException e) {
            answered(peer);
            throw e.getCause() instanceof RuntimeException r ? r
                    : new ClusterException(ErrorCode.INTERNAL, String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            pending.cancel(true); // interrupting a blocking gRPC call cancels it
            missed(peer);
            throw new ClusterException(ErrorCode.TIMEOUT, missedText());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new ClusterException(ErrorCode.UNAVAILABLE, "interrupted while asking " + peer);
        }
    }

    private void startProbe(PeerId peer) {
        try {
            Future<?> call = pool.submit(() -> probe.accept(peer));
            pool.execute(() -> awaitProbe(peer, call));
        } catch (RejectedExecutionException stopping) {
            probeEnded(peer);
        }
    }

    private void awaitProbe(PeerId peer, Future<?> call) {
        try {
            call.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            answered(peer);
        } catch (ExecutionException failedFast) {
            answered(peer);
        } catch (TimeoutException stillSilent) {
            call.cancel(true); // interrupting a blocking gRPC call cancels it
            probeEnded(peer);
        } catch (InterruptedException stopping) {
            call.cancel(true);
            probeEnded(peer);
            Thread.currentThread().interrupt();
        }
    }

    private void probeEnded(PeerId peer) {
        silent.computeIfPresent(peer, (p, old) -> new Silence(old.since(), false));
    }
}
