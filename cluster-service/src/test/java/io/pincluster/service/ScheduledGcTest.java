package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.service.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code connector.gc_interval}: the peer collects its store on its own, and keeps what is pinned. */
@Timeout(120)
class ScheduledGcTest {
    @TempDir
    Path dir;

    @Test
    void theScheduledGcRemovesUnpinnedBlocksAndKeepsPinnedOnes() throws Exception {
        try (TestCluster cluster = TestCluster.builder(dir).peers(1)
                .env(Map.of("PINCLUSTER_CONNECTOR_GC_INTERVAL", "200ms")).start()) {
            ClusterAssembly peer = cluster.peer(0);
            assertThat(peer.config().connector().gcInterval()).isEqualTo(Duration.ofMillis(200));
            var store = ((EmbeddedConnector) peer.connector()).store();
            byte[] keptData = "this one is pinned".getBytes(StandardCharsets.UTF_8);
            Cid kept = Cid.v1(Codec.RAW, Multihash.sha256(keptData));
            // As /add does: the open session keeps the block from the GC until the pin holds it.
            try (NodeConnector.ImportSession s = peer.connector().openImport()) {
                s.put(kept, keptData);
                peer.api().pins().pin(kept, PinOptions.DEFAULTS).get(30, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30)).until(() -> store.pinMode(kept).isPresent());
            }
            Cid stray = put(peer, "nobody pins this block");

            await().atMost(Duration.ofSeconds(30)).until(() -> !store.has(stray));
            assertThat(store.has(kept)).isTrue();
            assertThat(store.get(kept)).isEqualTo("this one is pinned".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aZeroIntervalSchedulesNoGc() throws Exception {
        try (TestCluster cluster = TestCluster.builder(dir).peers(1)
                .env(Map.of("PINCLUSTER_CONNECTOR_GC_INTERVAL", "0s")).start()) {
            ClusterAssembly peer = cluster.peer(0);
            Cid stray = put(peer, "nobody pins this block either");
            var store = ((EmbeddedConnector) peer.connector()).store();
            // A requested GC does remove it, so the block staying until then was not luck of timing.
            assertThat(store.has(stray)).isTrue();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("store-gc"));
            assertThat(peer.api().gc().collectGarbage(true).get(0).keys()).contains(stray);
            assertThat(store.has(stray)).isFalse();
        }
    }

    private static Cid put(ClusterAssembly peer, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(data));
        try (NodeConnector.ImportSession s = peer.connector().openImport()) {
            s.put(cid, data);
        }
        return cid;
    }
}
