package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.psa.PsaRecords.TenantWrite;
import io.pincluster.core.psa.Tenant;
import io.pincluster.core.psa.TenantRefusedException;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant records of the Pinning Service API (decision 0017) are replicated like its pin requests: written through
 * any peer, refused by the leader when the write mode does not fit (create of an existing name, update of a missing
 * one), their creation time kept by updates, on every replica, and kept across restarts in snapshot format 6.
 */
class ReplicatedTenantsTest {
    private static final Instant START = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(START);
    private final RatisConsensus[] peers = new RatisConsensus[3];
    private TestPeers fixture;

    @AfterEach
    void closeAll() {
        TestPeers.stopAll(peers);
    }

    private RatisConsensus start(int i, ConsensusConfig config) throws IOException {
        peers[i] = new RatisConsensus(config, clock, fixture.tls(config));
        peers[i].start(fixture.decider());
        return peers[i];
    }

    private static Tenant tenant(String name, int maxPins) {
        return new Tenant(name, maxPins, 1000, 2, 3, false, null);
    }

    @Test
    void aTenantRecordThroughOnePeerReachesEveryPeerAndTheLeaderChecksTheMode() throws Exception {
        fixture = new TestPeers(3, dir);
        for (int i = 0; i < 3; i++) {
            start(i, fixture.config(i));
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> peers[0].pin(cid(100), PinOptions.DEFAULTS) != null);

        Tenant created = peers[1].putTenant(tenant("acme", 5), TenantWrite.CREATE);
        assertThat(created.created()).isNotNull();
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(10)).until(() -> p.table().tenant("acme").isPresent());
        }
        assertThatThrownBy(() -> peers[2].putTenant(tenant("acme", 7), TenantWrite.CREATE))
                .isInstanceOf(TenantRefusedException.class).hasMessageContaining("exists already")
                .satisfies(e -> assertThat(((TenantRefusedException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> peers[2].putTenant(tenant("nobody", 7), TenantWrite.UPDATE))
                .isInstanceOf(TenantRefusedException.class)
                .satisfies(e -> assertThat(((TenantRefusedException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));

        clock.advance(Duration.ofMinutes(5));
        Tenant updated = peers[2].putTenant(tenant("acme", 9), TenantWrite.UPDATE);
        assertThat(updated.maxPins()).isEqualTo(9);
        assertThat(updated.created()).as("an update keeps the creation time").isEqualTo(created.created());

        peers[0].putTenant(tenant("other", 0), TenantWrite.CREATE);
        peers[0].removeTenant("other");
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(p.table().tenants()).containsExactly(updated);
            });
        }
    }

    @Test
    void tenantRecordsSurviveARestartFromASnapshotInFormatSix() throws Exception {
        fixture = new TestPeers(1, dir);
        ConsensusConfig config = fixture.config(0).withSnapshots(20, 64 * 1024);
        RatisConsensus c = start(0, config);
        c.putTenant(tenant("acme", 5), TenantWrite.CREATE);
        c.putTenant(new Tenant("zed", 0, 0, -1, -1, true, null), TenantWrite.CREATE);
        for (int i = 0; i < 60; i++) { // one entry each, so snapshots are taken
            c.pin(cid(i + 10), PinOptions.DEFAULTS);
        }
        List<Tenant> before = c.table().tenants();
        long applied = c.state().appliedIndex();
        c.close();
        peers[0] = null;

        Path newest = SinglePeerConsensusTest.snapshotFiles(dir).stream()
                .max(Comparator.comparingLong(ReplicatedTenantsTest::indexOf)).orElseThrow();
        assertThat(Files.readAllBytes(newest)[4]).as("snapshot format with tenant records").isEqualTo((byte) 6);
        assertThat(SnapshotFile.read(newest, null).tenants()).isEqualTo(before);

        RatisConsensus again = start(0, config);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().appliedIndex() >= applied);
        assertThat(again.table().tenants()).isEqualTo(before);
        assertThat(again.table().tenant("zed").orElseThrow().disabled()).isTrue();
    }

    private static long indexOf(Path snapshot) {
        String name = snapshot.getFileName().toString();
        return Long.parseLong(name.substring(name.indexOf('_') + 1));
    }
}
