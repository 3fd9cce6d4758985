package io.pincluster.consensus.ratis;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The writes that are not pin changes (peer records, token revocations, Pinning Service API records, archive
 * entries): each sent on its own through the Raft client, straight to the leader (they are rare, or come after work of
 * seconds, so batching would buy nothing), and answered only once <b>this peer's replica applied it</b>, so its
 * caller reads its own write at once. Pin changes go through {@link BatchSubmitter} instead.
 */
final class DirectWrites {
    /** What the leader's state machine refusing a write means to the caller; null for the generic answer. */
    @FunctionalInterface
    interface Refusal {
        ClusterException of(StateMachineException refused);
    }

    private final Supplier<RaftClient> client;
    private final PinSetStateMachine machine;
    private final Duration timeout;
    private final BooleanSupplier removed;
    private final Function<Exception, ClusterException> failure;

    /**
     * @param removed whether this peer was removed from the cluster (a refusal then says so, not "old leader")
     * @param failure what any other failed send means (no quorum, removed, shut down)
     */
    DirectWrites(Supplier<RaftClient> client, PinSetStateMachine machine, Duration timeout, BooleanSupplier removed,
                 Function<Exception, ClusterException> failure) {
        this.client = Objects.requireNonNull(client, "client");
        this.machine = Objects.requireNonNull(machine, "machine");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.removed = Objects.requireNonNull(removed, "removed");
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /**
     * Sends {@code message} and waits until this peer applied it; returns its log index.
     *
     * @param what    names the write in errors ("token revocation")
     * @param refusal turns the leader's refusal into the caller's error; when it returns null, the refusal is
     *                reported as a leader that cannot read such a write (an older build: every peer must be upgraded)
     */
    long send(byte[] message, String what, Refusal refusal) {
        try {
            RaftClientReply reply = client.get().io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(message)));
            if (!reply.isSuccess()) {
                throw failed(reply.getException(), what, refusal);
            }
            if (!machine.awaitApplied(reply.getLogIndex(), timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ClusterException(ErrorCode.TIMEOUT, what + " committed at " + reply.getLogIndex()
                        + " but not yet applied on this peer");
            }
            return reply.getLogIndex();
        } catch (IOException e) {
            throw failed(e, what, refusal);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(ErrorCode.UNAVAILABLE, "interrupted while sending a " + what, e);
        }
    }

    private ClusterException failed(Exception e, String what, Refusal refusal) {
        if (e instanceof StateMachineException refused && !removed.getAsBoolean()) {
            ClusterException specific = refusal.of(refused);
            if (specific != null) {
                return specific;
            }
            return new ClusterException(ErrorCode.UNAVAILABLE, "the leader did not record the " + what + ": "
                    + refused.getMessage() + " (a leader of a build older than this peer's cannot read this write: "
                    + "upgrade every peer)", refused);
        }
        return failure.apply(e);
    }
}
