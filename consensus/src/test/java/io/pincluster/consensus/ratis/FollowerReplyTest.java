package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.consensus.codec.OpResult;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.core.state.PeerDirectory;
import io.pincluster.core.state.PinSetState;
import java.time.Clock;
import java.util.List;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/**
 * A follower answers an applied entry with the entry's results, like the leader. Ratis keeps each server's reply in
 * its retry cache, and a client that retries a write after a leader change is answered from the new leader's cache:
 * the reply that server produced as a follower. An empty follower reply made such a client fail with "malformed pinset
 * data: truncated input" although its pins were committed (seen once in SixPeerPlacementTest under load).
 */
class FollowerReplyTest {
    @Test
    void aFollowerRepliesWithTheResultsOfTheEntry() throws Exception {
        PinOpCodec codec = new PinOpCodec();
        PinSetStateMachine follower = new PinSetStateMachine(new PinSetState(), new PeerDirectory(),
                new LeaderDecisions(null, Clock.systemUTC()), "follower",
                new SnapshotTrigger.Limits(1_000_000, 1_000_000, 1L << 30));
        LogEntryProto entry = LogEntryProto.newBuilder().setTerm(1).setIndex(1)
                .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder()
                        .setLogData(ByteString.copyFrom(codec.encodeEntry(GoldenSamples.ENTRY))))
                .build();
        TransactionContext trx = TransactionContext.newBuilder().setStateMachine(follower)
                .setServerRole(RaftPeerRole.FOLLOWER).setLogEntry(entry).build();

        Message reply = follower.applyTransaction(trx).get();

        List<OpResult> results = codec.decodeResults(reply.getContent().toByteArray());
        assertThat(results).hasSize(GoldenSamples.ENTRY.size());
        // three pins added; the removal of a pin that is not there and the rejected update fail
        assertThat(results.subList(0, 3)).allSatisfy(r -> assertThat(r).isInstanceOf(OpResult.Ok.class));
        assertThat(results.subList(3, 5)).allSatisfy(r -> assertThat(r).isInstanceOf(OpResult.Failed.class));
        assertThat(((OpResult.Ok) results.get(0)).pin().cid()).isEqualTo(GoldenSamples.RICH_CID);
    }
}
