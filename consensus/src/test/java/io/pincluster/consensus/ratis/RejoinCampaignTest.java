package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.consensus.ConsensusConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a whole-cluster restart the voters' first campaigns fall in separate windows, in id order (decision 0029). */
class RejoinCampaignTest {
    @TempDir
    Path dir;

    /** Writes the configuration Ratis leaves in {@code raft-meta.conf}: the given peers as voters. */
    private static void lastConfiguration(ConsensusConfig c, List<ConsensusConfig> voters) throws IOException {
        Path current = c.storageDir().resolve(RaftSettings.groupId(c).getUuid().toString()).resolve("current");
        Files.createDirectories(current);
        RaftConfigurationProto.Builder conf = RaftConfigurationProto.newBuilder();
        for (ConsensusConfig v : voters) {
            conf.addPeers(RaftPeerProto.newBuilder().setId(RaftSettings.raftId(v.peerId()).toByteString())
                    .setAddress(v.raftAddress()));
        }
        try (OutputStream out = Files.newOutputStream(current.resolve("raft-meta.conf"))) {
            LogEntryProto.newBuilder().setTerm(3).setIndex(40).setConfigurationEntry(conf).build().writeTo(out);
        }
    }

    @Test
    void restartedVotersTakeTurnsInIdOrderOneElectionTimeoutApart() throws IOException {
        TestPeers fixture = new TestPeers(3, dir);
        List<ConsensusConfig> configs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            configs.add(fixture.config(i));
        }
        for (ConsensusConfig c : configs) {
            lastConfiguration(c, configs);
        }
        List<ConsensusConfig> byId = configs.stream()
                .sorted(Comparator.comparing(c -> RaftSettings.raftId(c.peerId()).toString())).toList();
        Duration max = configs.get(0).electionTimeoutMax();
        Duration spread = max.minus(configs.get(0).electionTimeoutMin());
        for (int rank = 0; rank < 3; rank++) {
            ConsensusConfig c = byId.get(rank);
            Duration first = RaftSettings.rejoinGrace(c).plus(max.multipliedBy(rank));
            assertThat(RaftSettings.firstCampaignAfterRejoin(c)).as("voter %d in id order", rank).isEqualTo(first);
            RaftProperties p = RaftSettings.server(c);
            assertThat(RaftServerConfigKeys.Rpc.firstElectionTimeoutMin(p).toLong(java.util.concurrent.TimeUnit.MILLISECONDS))
                    .isEqualTo(first.toMillis());
            assertThat(RaftServerConfigKeys.Rpc.firstElectionTimeoutMax(p).toLong(java.util.concurrent.TimeUnit.MILLISECONDS))
                    .as("a window as wide as the election timeouts' spread, ending before the next voter's begins")
                    .isEqualTo(first.plus(spread).toMillis()).isLessThan(first.plus(max).toMillis());
        }
    }

    @Test
    void aPeerMissingFromItsLastVotersWaitsTheGraceAlone() throws IOException {
        TestPeers fixture = new TestPeers(3, dir);
        ConsensusConfig listener = fixture.config(2);
        lastConfiguration(listener, List.of(fixture.config(0), fixture.config(1)));
        assertThat(RaftSettings.firstCampaignAfterRejoin(listener)).isEqualTo(RaftSettings.rejoinGrace(listener));
    }

    @Test
    void aFreshPeerCampaignsQuickly() {
        ConsensusConfig fresh = new TestPeers(3, dir).config(1);
        RaftProperties p = RaftSettings.server(fresh);
        assertThat(RaftServerConfigKeys.Rpc.firstElectionTimeoutMax(p).toLong(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isLessThanOrEqualTo(500);
    }
}
