package io.pincluster.service.membership;

import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a running cluster through one of its peers (the seed): sends a {@link JoinRequest} over the cluster RPC and
 * waits until this peer's own Raft configuration includes it. Failures that may pass (seed unreachable or still
 * starting, no quorum, another membership change in progress) are retried with doubling backoff; a refusal (wrong
 * secret, bad request) ends the attempt at once.
 */
public final class ClusterJoin {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJoin.class);

    private final PeerRpc rpc;
    private final String seed;
    private final Duration firstBackoff;
    private final int maxUnreachable;
    private final Duration deadline;

    /**
     * @param seed           {@code host:port} of a running peer's cluster RPC
     * @param firstBackoff   wait after the first failed attempt; doubles up to 16 times that
     * @param maxUnreachable failed attempts (seed unreachable, no quorum) tolerated before giving up
     * @param deadline       the longest the whole join may take (catching up a large pinset counts)
     */
    public ClusterJoin(PeerRpc rpc, String seed, Duration firstBackoff, int maxUnreachable, Duration deadline) {
        this.rpc = rpc;
        this.seed = seed;
        this.firstBackoff = firstBackoff;
        this.maxUnreachable = maxUnreachable;
        this.deadline = deadline;
    }

    /** The defaults the daemon uses: 5 tries over about half a minute while unreachable, 10 minutes in all. */
    public static ClusterJoin withDefaults(PeerRpc rpc, String seed) {
        return new ClusterJoin(rpc, seed, Duration.ofSeconds(1), 5, Duration.ofMinutes(10));
    }

    /**
     * True when {@code raftDir} holds Raft state from an earlier run: such a peer restarts with the configuration in
     * its own log, and {@code --join} does not apply.
     */
    public static boolean hasRaftStorage(Path raftDir) {
        if (!Files.isDirectory(raftDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(raftDir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Raft folder " + raftDir, e);
        }
    }

    /**
     * Asks the seed to add this peer and returns once {@code joined} says this peer is a member.
     *
     * @return the seed's identity when it answered (empty when the membership showed up before its answer did)
     * @throws ClusterException the seed refused, stayed unreachable, or the deadline passed; names the seed
     */
    public Optional<PeerInfo> join(JoinRequest request, BooleanSupplier joined) {
        long end = System.nanoTime() + deadline.toNanos();
        Duration backoff = firstBackoff;
        int failures = 0;
        Optional<PeerInfo> seedInfo = Optional.empty();
        while (!joined.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new ClusterException(ErrorCode.TIMEOUT, "joining through " + seed + ": this peer is not a "
                        + "member after " + deadline.toSeconds() + " s");
            }
            try {
                seedInfo = Optional.of(rpc.join(seed, request));
                LOG.info("{}: peer {} at {} added this peer to the cluster", request.peer(), seedInfo.get().id(),
                        seed);
                awaitJoined(joined, end); // the new configuration reaches this peer's log shortly
                return seedInfo;
            } catch (ClusterException e) {
                if (!retryable(e.code())) {
                    throw new ClusterException(e.code(), "the peer at " + seed + " refused to add this peer: "
                            + e.getMessage(), e);
                }
                // a change in progress is likely this very join (an earlier attempt that timed out): keep waiting
                if (e.code() != ErrorCode.CONFLICT && ++failures >= maxUnreachable) {
                    throw new ClusterException(e.code(), "cannot join through " + seed + " after " + failures
                            + " attempts: " + e.getMessage() + " (is a cluster peer's RPC listening there, with the "
                            + "same cluster secret?)", e);
                }
                LOG.warn("{}: joining through {} failed ({}); retrying in {} ms", request.peer(), seed,
                        e.getMessage(), backoff.toMillis());
            }
            pause(backoff);
            backoff = backoff.multipliedBy(2).compareTo(firstBackoff.multipliedBy(16)) > 0
                    ? firstBackoff.multipliedBy(16) : backoff.multipliedBy(2);
        }
        return seedInfo;
    }

    private void awaitJoined(BooleanSupplier joined, long end) {
        while (!joined.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new ClusterException(ErrorCode.TIMEOUT, "the peer at " + seed + " added this peer, but the new "
                        + "configuration did not reach it within " + deadline.toSeconds() + " s");
            }
            pause(Duration.ofMillis(50));
        }
    }

    private static boolean retryable(ErrorCode code) {
        return code == ErrorCode.UNAVAILABLE || code == ErrorCode.NO_QUORUM || code == ErrorCode.TIMEOUT
                || code == ErrorCode.CONFLICT;
    }

    private static void pause(Duration d) {
        LockSupport.parkNanos(d.toNanos());
        if (Thread.currentThread().isInterrupted()) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "interrupted while joining the cluster");
        }
    }
}
