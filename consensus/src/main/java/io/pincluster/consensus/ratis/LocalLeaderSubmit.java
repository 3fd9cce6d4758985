package io.pincluster.consensus.ratis;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.server.RaftServer;

/**
 * Hands a write to this peer's own Raft server when it leads, instead of sending it through the Raft client: the
 * client would carry it over gRPC on loopback to the same JVM and back, several thread hand-offs per batch, which
 * on a busy machine cost more than the log write itself. When this peer does not lead the answer is empty and the
 * caller uses the Raft client, which finds the leader and retries.
 *
 * <p>A leader that steps down fails every write it has appended but not yet answered with a
 * {@link NotLeaderException}, though such an entry may already be on a majority and the next leader commits it.
 * Sent again as a new request, the write would be decided twice: an unpin answered "not part of the pinset" the
 * second time, a re-allocation refused as "changes nothing". So a write this peer's leader refused or gave up is sent
 * again <em>under the same client id and call id</em> to whichever peer leads now: every peer's Raft retry cache
 * keeps the answer of each (client id, call id) it applied, so the new leader answers a write it already has with
 * the first outcome and decides only a write that never made it into the log.
 */
final class LocalLeaderSubmit {
    /** Between two tries while no peer has taken over yet: about what an election takes. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private final Supplier<RaftServer.Division> division;
    private final Supplier<RaftClient> client;
    private final Supplier<List<RaftPeer>> peers;
    private final RaftPeerId self;
    private final RaftGroupId group;
    private final Duration timeout;
    // One client identity for all local writes; call ids keep the retry cache's keys unique.
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();

    /**
     * @param client the Raft client whose connections carry a write again after this peer stopped leading
     * @param peers the peers of the current configuration, tried in turn while no leader is known
     */
    LocalLeaderSubmit(Supplier<RaftServer.Division> division, Supplier<RaftClient> client,
                      Supplier<List<RaftPeer>> peers, RaftPeerId self, RaftGroupId group, Duration timeout) {
        this.division = division;
        this.client = client;
        this.peers = peers;
        this.self = self;
        this.group = group;
        this.timeout = timeout;
    }

    /**
     * @return the reply, or empty when this peer is not a leader ready to take writes
     * @throws IOException the write's outcome is unknown: no peer answered for it within the timeout
     */
    Optional<RaftClientReply> submit(Message message) throws IOException {
        RaftServer.Division d = division.get();
        if (d == null || !d.getInfo().isLeader() || !d.getInfo().isLeaderReady()) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        RaftClientRequest request = request(self, callIds.incrementAndGet(), message);
        RaftClientReply reply;
        try {
            reply = d.getRaftServer().submitClientRequestAsync(request).get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the local leader wrote the entry");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the local leader did not commit the entry within " + timeout.toMillis() + " ms",
                    e);
        }
        if (reply.isSuccess() || !leadershipRefusal(reply.getException())) {
            return Optional.of(reply);
        }
        return Optional.of(sendAgain(request, suggestedLeader(reply.getException()), deadline));
    }

    /**
     * Sends {@code first} again, same identity, to the suggested leader or else to each peer in turn, until one
     * leads and answers or the deadline passes.
     */
    private RaftClientReply sendAgain(RaftClientRequest first, RaftPeerId suggested, long deadline)
            throws IOException {
        RaftPeerId target = suggested;
        int next = 0;
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (target == null) {
                List<RaftPeer> candidates = peers.get();
                if (candidates.isEmpty()) {
                    break;
                }
                target = candidates.get(Math.floorMod(next++, candidates.size())).getId();
            }
            RaftClientRpc rpc = client.get().getClientRpc();
            try {
                RaftClientReply reply = rpc.sendRequest(request(target, first.getCallId(), first.getMessage()));
                if (reply.isSuccess() || !leadershipRefusal(reply.getException())) {
                    return reply;
                }
                last = reply.getException();
                if (reply.getException() instanceof NotLeaderException nle) {
                    rpc.addRaftPeers(nle.getPeers());
                }
                RaftPeerId hint = suggestedLeader(reply.getException());
                if (hint != null && !hint.equals(target)) {
                    target = hint;
                    continue; // a fresh hint: no pause
                }
                if (!(reply.getException() instanceof LeaderNotReadyException)) {
                    target = null; // not leading and no better idea: the next peer
                }
            } catch (IOException e) {
                last = e; // that peer is down or cut off
                target = null;
            }
            pause(deadline);
        }
        throw new IOException("no leader confirmed the write within " + timeout.toMillis() + " ms after this peer"
                + " stopped leading" + (last == null ? "" : " (last: " + last + ")"), last);
    }

    private RaftClientRequest request(RaftPeerId server, long callId, Message message) {
        return RaftClientRequest.newBuilder().setClientId(clientId).setServerId(server).setGroupId(group)
                .setCallId(callId).setMessage(message).setType(RaftClientRequest.writeRequestType()).build();
    }

    private static void pause(long deadline) throws InterruptedIOException {
        long millis = Math.min(RETRY_PAUSE.toMillis(), TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis); // a retry's back-off in production code, not a test's wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a new leader");
        }
    }

    private static RaftPeerId suggestedLeader(Exception e) {
        return e instanceof NotLeaderException nle && nle.getSuggestedLeader() != null
                ? nle.getSuggestedLeader().getId() : null;
    }

    private static boolean leadershipRefusal(Exception e) {
        return e instanceof NotLeaderException || e instanceof LeaderNotReadyException
                || e instanceof LeaderSteppingDownException;
    }
}
