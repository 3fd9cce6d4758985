package io.pincluster.service.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.PinMode;
import io.pincluster.service.identity.PeerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InformersTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private static final Instant EXPIRE = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private EmbeddedConnector store(long storageMax) throws Exception {
        return EmbeddedConnector.open(new BlockStoreConfig(dir.resolve("blocks"), storageMax,
                BlockStoreConfig.DEFAULT_MAX_BLOCK_SIZE), SELF);
    }

    private static Cid putRaw(NodeConnector c, byte[] data) {
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(data));
        try (NodeConnector.ImportSession s = c.openImport()) {
            s.put(cid, data);
        }
        c.pin(cid, PinMode.RECURSIVE);
        return cid;
    }

    @Test
    void freeSpaceIsTheStoreLimitMinusItsSizeWhenTheDiskHasMore() throws Exception {
        try (EmbeddedConnector c = store(1_000_000)) {
            putRaw(c, new byte[10_000]);
            long repo = c.repoStat().repoSize();
            assertThat(repo).isGreaterThanOrEqualTo(10_000);

            FreeSpaceInformer informer = new FreeSpaceInformer(SELF, c::repoStat,
                    FreeSpaceInformer.diskFreeOf(dir));
            List<Metric> metrics = informer.collect(EXPIRE);

            assertThat(metrics).singleElement().satisfies(m -> {
                assertThat(m.name()).isEqualTo(MetricNames.FREESPACE);
                assertThat(m.weight()).isEqualTo(1_000_000 - repo);
                assertThat(m.value()).isEqualTo(Long.toString(1_000_000 - repo));
                assertThat(m.partitionable()).isFalse();
                assertThat(m.expire()).isEqualTo(EXPIRE);
            });
        }
    }

    @Test
    void freeSpaceIsTheDisksWhenTheDiskHasLessThanTheStoreLimit() throws Exception {
        try (EmbeddedConnector c = store(Long.MAX_VALUE / 2)) {
            long disk = Files.getFileStore(dir).getUsableSpace();
            FreeSpaceInformer real = new FreeSpaceInformer(SELF, c::repoStat, FreeSpaceInformer.diskFreeOf(dir));
            // Other processes write to the same disk meanwhile: equal within 1 GiB.
            assertThat((double) real.freeBytes()).isCloseTo(disk, within((double) (1L << 30)));

            FreeSpaceInformer small = new FreeSpaceInformer(SELF, c::repoStat, () -> 4096);
            assertThat(small.freeBytes()).isEqualTo(4096);
        }
    }

    @Test
    void aFullPeerPublishesNoFreeSpace() {
        FreeSpaceInformer full = new FreeSpaceInformer(SELF, () -> new NodeConnector.RepoStat(2000, 1000, 3),
                FreeSpaceInformer.DISK_UNKNOWN);
        assertThat(full.freeBytes()).isZero();
        assertThat(full.collect(EXPIRE)).isEmpty();

        FreeSpaceInformer noDisk = new FreeSpaceInformer(SELF, () -> new NodeConnector.RepoStat(100, 1000, 3),
                () -> 0);
        assertThat(noDisk.collect(EXPIRE)).isEmpty();
    }

    @Test
    void diskUsageCountsAgainstTheStoreLimitOrTheDiskWhicheverIsSmaller() {
        DiskUsageInformer byLimit = new DiskUsageInformer(SELF, () -> new NodeConnector.RepoStat(900, 1000, 3),
                () -> 1_000_000);
        assertThat(byLimit.collect(EXPIRE)).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo(MetricNames.DISKUSAGE);
            assertThat(m.value()).isEqualTo("900/1000");
            assertThat(m.weight()).isEqualTo(900_000);
            assertThat(DiskUsage.of(m)).contains(new DiskUsage(900, 1000));
        });
        DiskUsageInformer byDisk = new DiskUsageInformer(SELF, () -> new NodeConnector.RepoStat(900, 1_000_000, 3),
                () -> 100);
        assertThat(byDisk.usage()).contains(new DiskUsage(900, 1000));
        assertThat(new DiskUsage(970, 1000).excessOver(0.90)).isEqualTo(70);
        DiskUsageInformer unknown = new DiskUsageInformer(SELF, () -> new NodeConnector.RepoStat(900, 0, 3),
                FreeSpaceInformer.DISK_UNKNOWN);
        assertThat(unknown.collect(EXPIRE)).isEmpty();
    }

    @Test
    void tagsAlwaysCarryAZone() {
        assertThat(new TagsInformer(SELF, Map.of()).collect(EXPIRE)).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("tag:zone");
            assertThat(m.value()).isEqualTo("default");
            assertThat(m.partitionable()).isTrue();
        });
        List<Metric> tags = new TagsInformer(SELF, Map.of("zone", "eu-1", "rack", "r7")).collect(EXPIRE);
        assertThat(tags).extracting(Metric::name, Metric::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tag:rack", "r7"),
                        org.assertj.core.groups.Tuple.tuple("tag:zone", "eu-1"));
    }

    @Test
    void queueAndPinCountWeighShortestFirst() {
        Metric queue = new PinQueueInformer(SELF, () -> 17).collect(EXPIRE).get(0);
        assertThat(queue.name()).isEqualTo(MetricNames.PINQUEUE);
        assertThat(queue.value()).isEqualTo("17");
        assertThat(queue.weight()).isEqualTo(-17);

        Metric pins = new NumPinInformer(SELF, () -> java.util.OptionalLong.of(5)).collect(EXPIRE).get(0);
        assertThat(pins.name()).isEqualTo(MetricNames.NUMPIN);
        assertThat(pins.value()).isEqualTo("5");
        assertThat(pins.weight()).isEqualTo(-5);
    }

    @Test
    void numPinCountsTheStoresPins() throws Exception {
        try (EmbeddedConnector c = store(1_000_000)) {
            putRaw(c, new byte[] {1});
            putRaw(c, new byte[] {2});
            List<Informer> all = PlacementWiring.informers(SELF, io.pincluster.service.config.ServiceConfig
                    .defaults("p"), c, dir, () -> 3, List.of("/ip4/127.0.0.1/tcp/9096"));
            List<Metric> metrics = all.stream().flatMap(i -> i.collect(EXPIRE).stream()).toList();
            assertThat(metrics).extracting(Metric::name).containsExactlyInAnyOrder("freespace", "diskusage", "tag:zone",
                    "pinqueue", "numpin", "ping");
            assertThat(metrics).filteredOn(m -> m.name().equals("numpin")).singleElement()
                    .extracting(Metric::value).isEqualTo("2");
        }
    }

    @Test
    void pingCarriesNameAndAddressesAndSurvivesAnUnreachableStore() throws Exception {
        PingInformer ping = new PingInformer(SELF, "peer-a", List.of("/ip4/10.0.0.1/tcp/9096/p2p/" + SELF),
                () -> new PeerInfo.IpfsInfo("12D3KooWipfs", List.of("/ip4/10.0.0.1/tcp/4001"), ""));
        Metric m = ping.collect(EXPIRE).get(0);
        assertThat(m.name()).isEqualTo(MetricNames.PING);
        JsonNode value = new ObjectMapper().readTree(m.value());
        assertThat(value.get("peer_name").asText()).isEqualTo("peer-a");
        assertThat(value.get("ipfs_id").asText()).isEqualTo("12D3KooWipfs");
        assertThat(value.get("ipfs_addresses").get(0).asText()).isEqualTo("/ip4/10.0.0.1/tcp/4001");
        assertThat(value.get("addresses").get(0).asText()).isEqualTo("/ip4/10.0.0.1/tcp/9096/p2p/" + SELF);

        PingInformer down = new PingInformer(SELF, "peer-a", List.of(), () -> {
            throw new IllegalStateException("store down");
        });
        assertThat(new ObjectMapper().readTree(down.collect(EXPIRE).get(0).value()).get("ipfs_id").asText())
                .isEmpty();
    }
}
