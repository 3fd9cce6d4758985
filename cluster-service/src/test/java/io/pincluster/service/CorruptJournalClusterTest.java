package io.pincluster.service;

import static io.pincluster.service.testing.ClusterContent.addFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinMode;
import io.pincluster.service.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer whose pin journal was damaged in its middle while it was stopped: on restart the damage is reported (log
 * and alert) and every pin allocated to it is pinned again, rebuilt from the pinset and the blocks it holds.
 */
@Timeout(180)
class CorruptJournalClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aDamagedJournalIsReportedAndThePinsAreRebuiltFromThePinsetAndTheStore() throws Exception {
        try (TestCluster cluster = TestCluster.builder(dir).peers(2).secret("7c".repeat(32)).start()) {
            List<Cid> cids = addFiles(cluster.peer(0), "journal", 8, -1, -1);
            ClusterAssembly victim = cluster.peer(1);
            await().atMost(PATIENCE).until(() -> cids.stream().allMatch(cid -> pinnedOn(victim, cid)));
            victim.close();
            cluster.forget(victim);

            Path journal = cluster.dir(1).resolve(victim.config().connector().dataDir()).resolve("pins")
                    .resolve("pins.journal");
            byte[] bytes = Files.readAllBytes(journal);
            int record = 4 + cids.get(0).bytes().length + 4; // op, mode, length, the CID, a CRC; all CIDs alike
            assertThat(bytes.length).isGreaterThanOrEqualTo(cids.size() * record);
            bytes[3 * record + record / 2] ^= 0x5a;
            bytes[5 * record + record / 2] ^= 0x5a;
            Files.write(journal, bytes);

            ClusterAssembly again = cluster.start(cluster.dir(1), Map.of(), null);
            TestCluster.introduce(cluster.peers());
            // raised once the store's pins are read, which a peer does after its APIs are up (decision 0001)
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(again.monitor().alerts()).anySatisfy(a -> {
                assertThat(a.metric().name()).isEqualTo("pin_journal_damaged");
                assertThat(a.metric().value()).contains("damaged bytes");
            }));
            await().atMost(PATIENCE).until(() -> cids.stream().allMatch(cid -> pinnedOn(again, cid)));
        }
    }

    private static boolean pinnedOn(ClusterAssembly peer, Cid cid) {
        return peer.connector().status(cid).satisfies(PinMode.RECURSIVE);
    }
}
