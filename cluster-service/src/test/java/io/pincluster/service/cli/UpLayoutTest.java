package io.pincluster.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.UnmatchedArgumentException;

class UpLayoutTest {
    @Test
    void portsComeInBlocksOfTenLikeIpfsClusterDefaults() {
        assertThat(PeerPorts.of(9094, 0)).isEqualTo(new PeerPorts(9094, 9098, 9099, 9100, 9096, 9097, 9095));
        assertThat(PeerPorts.of(9094, 2)).isEqualTo(new PeerPorts(9114, 9118, 9119, 9120, 9116, 9117, 9115));
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < UpOptions.MAX_PEERS; i++) {
            PeerPorts p = PeerPorts.of(20000, i);
            assertThat(used.add(p.rest()) && used.add(p.raft()) && used.add(p.gateway()) && used.add(p.metrics())
                    && used.add(p.proxy()) && used.add(p.psa()) && used.add(p.rpc()))
                    .as("no port shared between peers").isTrue();
        }
    }

    @Test
    void optionsHaveDefaultsAndRejectNonsense() {
        UpOptions o = UpCli.parse();
        assertThat(o.peers()).isEqualTo(3);
        assertThat(o.basePort()).isEqualTo(9094);
        assertThat(o.data().endsWith(Path.of(".pincluster", "up"))).isTrue();
        assertThat(UpCli.parse("--peers=5", "--base-port", "30000").ports(4).rest()).isEqualTo(30040);
        assertThatThrownBy(() -> UpCli.parse("--base-port", "65530"))
                .hasMessageContaining("--base-port");
        assertThatThrownBy(() -> UpCli.parse("--bogus")).isInstanceOf(UnmatchedArgumentException.class)
                .hasMessageContaining("'--bogus'");
        assertThat(UpOptions.zone(0) + UpOptions.zone(1) + UpOptions.zone(2) + UpOptions.zone(3)).isEqualTo("z1z2z3z1");
    }

    @Test
    void thePasswordIsGeneratedOnceKeptPrivateAndReplacedOnlyWhenAsked(@TempDir Path data) throws IOException {
        String first = AdminPassword.resolve(data, null);
        assertThat(first).hasSizeGreaterThanOrEqualTo(20);
        assertThat(AdminPassword.resolve(data, null)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(AdminPassword.FILE))))
                .isEqualTo("rw-------");
        assertThat(AdminPassword.resolve(data, "chosen")).isEqualTo("chosen");
        assertThat(AdminPassword.resolve(data, null)).isEqualTo("chosen");
    }

    @Test
    void firstRunWritesEveryPeerWithAllPeersInTheRaftGroup(@TempDir Path data) throws IOException {
        UpOptions options = new UpOptions(3, data, null, 21000, java.time.Duration.ofSeconds(5));

        assertThat(LocalClusterLayout.prepare(options, "pw1"))
                .isEqualTo(new LocalClusterLayout.Prepared(true, java.util.List.of()));

        for (int i = 0; i < 3; i++) {
            Path dir = options.peerDir(i);
            ServiceConfig c = ServiceConfigFile.load(dir.resolve(ServiceConfigFile.FILE_NAME), Map.of());
            assertThat(c.restapi().httpListen().port()).isEqualTo(21000 + 10 * i);
            assertThat(c.consensus().listen().port()).isEqualTo(21004 + 10 * i);
            // the IPFS proxy where ipfs-cluster puts it, REST + 1, on in up (off by default elsewhere)
            assertThat(c.ipfsproxy().enabled()).isTrue();
            assertThat(c.ipfsproxy().listen().port()).isEqualTo(21001 + 10 * i);
            assertThat(c.consensus().peers()).hasSize(3)
                    .containsKey(IdentityFile.read(dir.resolve(IdentityFile.FILE_NAME)).peerId());
            assertThat(c.cluster().zone()).isEqualTo("z" + (i + 1));
            assertThat(c.restapi().basicAuthCredentials()).containsEntry("admin", "pw1");
        }
        String secret0 = ServiceConfigFile.load(options.peerDir(0).resolve(ServiceConfigFile.FILE_NAME), Map.of())
                .cluster().secret();
        assertThat(ServiceConfigFile.load(options.peerDir(2).resolve(ServiceConfigFile.FILE_NAME), Map.of())
                .cluster().secret()).isEqualTo(secret0);
    }

    @Test
    void laterRunsReuseTheFoldersAndOnlyChangeThePassword(@TempDir Path data) throws IOException {
        UpOptions options = new UpOptions(2, data, null, 22000, java.time.Duration.ofSeconds(5));
        LocalClusterLayout.prepare(options, "old");
        Path identity = options.peerDir(1).resolve(IdentityFile.FILE_NAME);
        String peerId = IdentityFile.read(identity).peerId().value();

        assertThat(LocalClusterLayout.prepare(options, "new").createdAll()).isFalse();

        assertThat(IdentityFile.read(identity).peerId().value()).isEqualTo(peerId);
        assertThat(ServiceConfigFile.load(options.peerDir(1).resolve(ServiceConfigFile.FILE_NAME), Map.of())
                .restapi().basicAuthCredentials()).containsEntry("admin", "new");
        UpOptions one = new UpOptions(1, data, null, 22000, java.time.Duration.ofSeconds(5));
        assertThatThrownBy(() -> LocalClusterLayout.prepare(one, "new"))
                .hasMessageContaining("holds a cluster with peer-1: use --peers 2 or more");
    }

    /**
     * A larger {@code --peers}, or a deleted peer folder: the missing peers are created with new identities, the
     * cluster's secret and their own ports; the peers already there keep theirs.
     */
    @Test
    void laterRunsCreateMissingPeersWithTheClustersSecret(@TempDir Path data) throws IOException {
        UpOptions two = new UpOptions(2, data, null, 23000, java.time.Duration.ofSeconds(5));
        LocalClusterLayout.prepare(two, "pw");
        ServiceConfig peer0 = config(two, 0);
        String peer0Id = peerId(two, 0);
        String peer1Id = peerId(two, 1);

        UpOptions four = new UpOptions(4, data, null, 23000, java.time.Duration.ofSeconds(5));
        assertThat(LocalClusterLayout.prepare(four, "pw"))
                .isEqualTo(new LocalClusterLayout.Prepared(false, java.util.List.of(2, 3)));

        assertThat(peerId(four, 0)).isEqualTo(peer0Id);
        assertThat(config(four, 0)).isEqualTo(peer0);
        for (int i = 2; i < 4; i++) {
            ServiceConfig c = config(four, i);
            assertThat(c.cluster().secret()).isEqualTo(peer0.cluster().secret());
            assertThat(c.restapi().httpListen().port()).isEqualTo(23000 + 10 * i);
            assertThat(c.cluster().rpcListen().port()).isEqualTo(four.ports(i).rpc());
            assertThat(c.cluster().zone()).isEqualTo(UpOptions.zone(i));
            assertThat(c.restapi().basicAuthCredentials()).containsEntry("admin", "pw");
            assertThat(c.consensus().peers()).hasSize(4).containsKey(
                    IdentityFile.read(four.peerDir(i).resolve(IdentityFile.FILE_NAME)).peerId());
        }
        assertThat(peerId(four, 2)).isNotEqualTo(peerId(four, 3)).isNotIn(peer0Id, peer1Id);

        // peer-1's folder deleted: it comes back with a new identity at the same ports, the old one left out
        deleteTree(four.peerDir(1));
        assertThat(LocalClusterLayout.prepare(four, "pw").added()).containsExactly(1);
        assertThat(peerId(four, 1)).isNotEqualTo(peer1Id);
        assertThat(config(four, 1).consensus().peers()).hasSize(4)
                .doesNotContainKey(new io.pincluster.core.peer.PeerId(peer1Id));
    }

    /**
     * A peer without Raft state joins through a peer that has some; a peer with its own restarts from it, and in a
     * cluster that never ran every peer starts from the group its folders list.
     */
    @Test
    void onlyAPeerWithoutRaftStateInAClusterThatRanJoins(@TempDir Path data) throws IOException {
        UpOptions three = new UpOptions(3, data, null, 24000, java.time.Duration.ofSeconds(5));
        LocalClusterLayout.prepare(three, "pw");
        assertThat(LocalClusterLayout.joinSeed(three, 0)).as("no peer ran yet").isEmpty();

        giveRaftState(three, 1);
        giveRaftState(three, 2);

        assertThat(LocalClusterLayout.joinSeed(three, 0)).contains("127.0.0.1:" + three.ports(1).rpc());
        assertThat(LocalClusterLayout.joinSeed(three, 1)).as("restarts from its own log").isEmpty();
    }

    private static void giveRaftState(UpOptions options, int index) throws IOException {
        Path raft = options.peerDir(index).resolve(config(options, index).consensus().dataDir());
        Files.createDirectories(raft.resolve("some-group"));
    }

    private static ServiceConfig config(UpOptions options, int index) {
        return ServiceConfigFile.load(options.peerDir(index).resolve(ServiceConfigFile.FILE_NAME), Map.of());
    }

    private static String peerId(UpOptions options, int index) throws IOException {
        return IdentityFile.read(options.peerDir(index).resolve(IdentityFile.FILE_NAME)).peerId().value();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
