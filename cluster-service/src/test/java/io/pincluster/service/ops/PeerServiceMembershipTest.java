package io.pincluster.service.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.consensus.ratis.RatisConsensus;
import io.pincluster.service.testing.TestTls;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import java.util.Set;
import java.time.Instant;
import io.pincluster.core.state.PinSetView;
import io.pincluster.core.state.PinDecider;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PeerService's membership calls over a real one-peer Ratis group on loopback. */
class PeerServiceMembershipTest {
    @TempDir
    Path dir;
    private RatisConsensus consensus;

    @AfterEach
    void close() {
        if (consensus != null) {
            consensus.close();
        }
    }

    private PeerService startOnePeer() throws IOException {
        PeerId self = PeerId.ofPublicKeyProto("peer-service-test".getBytes(StandardCharsets.UTF_8));
        String raft = FreePorts.loopbackAddress();
        consensus = new RatisConsensus(ConsensusConfig.defaults(self, raft, Map.of(self, raft), dir.resolve("raft"))
                .withElectionTimeout(Duration.ofMillis(300), Duration.ofMillis(600)), Clock.systemUTC(),
                TestTls.of(self, dir));
        consensus.start(new PinDecider() {
            @Override
            public Pin decide(Cid cid, PinOptions options, Pin existing, PinSetView state, Instant now) {
                return new Pin(cid, options, PinType.DATA, List.of(), null, now);
            }

            @Override
            public Pin reallocate(Pin existing, Set<PeerId> leaving, boolean topUp, PinSetView state, Instant now) {
                return existing;
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> consensus.leader().isPresent());
        return new PeerService(self, "p0", List.of(), consensus, null);
    }

    @Test
    void addingAPeerUnknownToTheDirectoryNamesTheFix() throws IOException {
        PeerService service = startOnePeer();
        PeerId stranger = PeerId.ofPublicKeyProto("stranger".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> service.addPeer(stranger)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("--join")
                .satisfies(e -> assertThat(((ClusterException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> service.removePeer(stranger, false)).isInstanceOf(ClusterException.class)
                .satisfies(e -> assertThat(((ClusterException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> service.removePeer(service.self(), false)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("only cluster member")
                .satisfies(e -> assertThat(((ClusterException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void aJoinRequestIsRecordedInTheReplicatedDirectoryAndResolvesThroughTheAddressBook() throws IOException {
        PeerService service = startOnePeer();
        PeerId newcomer = PeerId.ofPublicKeyProto("newcomer".getBytes(StandardCharsets.UTF_8));
        consensus.register(PeerRecord.member(newcomer, "p1", "127.0.0.1:1", "127.0.0.1:2"));
        DirectoryAddressBook book = new DirectoryAddressBook(consensus, new MapBook());
        assertThat(book.rpcAddress(newcomer)).contains("127.0.0.1:2");
        assertThat(book.all()).containsEntry(newcomer, "127.0.0.1:2");
        assertThatThrownBy(() -> service.join(new JoinRequest(newcomer, "p1", "", "127.0.0.1:2")))
                .isInstanceOf(ClusterException.class).hasMessageContaining("Raft server");
    }

    /** A plain in-memory local book. */
    private static final class MapBook implements io.pincluster.core.component.AddressBook {
        private final Map<PeerId, String> map = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public java.util.Optional<String> rpcAddress(PeerId peer) {
            return java.util.Optional.ofNullable(map.get(peer));
        }

        @Override
        public void put(PeerId peer, String rpcAddress) {
            map.put(peer, rpcAddress);
        }

        @Override
        public void remove(PeerId peer) {
            map.remove(peer);
        }

        @Override
        public Map<PeerId, String> all() {
            return Map.copyOf(map);
        }
    }
}
