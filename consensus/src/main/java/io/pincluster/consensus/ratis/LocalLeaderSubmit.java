package io.pincluster.consensus.ratis;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.server.RaftServer;

/**
 * Hands a write to this peer's own Raft server when it leads, instead of sending it through the Raft client: the
 * client would carry it over gRPC on loopback to the same JVM and back, several thread hand-offs per batch, which
 * on a busy machine cost more than the log write itself. When this peer does not lead (or stops leading meanwhile)
 * the answer is empty and the caller uses the Raft client, which finds the leader and retries.
 */
final class LocalLeaderSubmit {
    private final Supplier<RaftServer.Division> division;
    private final RaftPeerId self;
    private final RaftGroupId group;
    private final Duration timeout;
    // One client identity for all local writes; call ids keep the retry cache's keys unique.
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();

    LocalLeaderSubmit(Supplier<RaftServer.Division> division, RaftPeerId self, RaftGroupId group, Duration timeout) {
        this.division = division;
        this.self = self;
        this.group = group;
        this.timeout = timeout;
    }

    /**
     * @return the reply, or empty when this peer is not a leader ready to take writes
     * @throws IOException the local server failed or gave no answer within the timeout
     */
    Optional<RaftClientReply> submit(Message message) throws IOException {
        RaftServer.Division d = division.get();
        if (d == null || !d.getInfo().isLeader() || !d.getInfo().isLeaderReady()) {
            return Optional.empty();
        }
        RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(clientId).setServerId(self)
                .setGroupId(group).setCallId(callIds.incrementAndGet()).setMessage(message)
                .setType(RaftClientRequest.writeRequestType()).build();
        RaftClientReply reply;
        try {
            reply = d.getRaftServer().submitClientRequestAsync(request).get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the local leader wrote the entry", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the local leader did not commit the entry within " + timeout.toMillis() + " ms",
                    e);
        }
        if (!reply.isSuccess() && lostLeadership(reply.getException())) {
            return Optional.empty(); // nothing was appended: safe to send through the client
        }
        return Optional.of(reply);
    }

    private static boolean lostLeadership(Exception e) {
        return e instanceof NotLeaderException || e instanceof LeaderNotReadyException
                || e instanceof LeaderSteppingDownException;
    }
}
