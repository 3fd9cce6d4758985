package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.psa.PsaRecords.TenantWrite;
import io.pincluster.core.psa.Tenant;
import io.pincluster.core.psa.TenantRefusedException;
import io.pincluster.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    private ReplicatedPeers group;

    @AfterEach
    void closeAll() {
        if (group != null) {
            group.close();
        }
    }

    private static Tenant tenant(String name, int maxPins) {
        return new Tenant(name, maxPins, 1000, 2, 3, false, null);
    }

    @Test
    void aTenantRecordThroughOnePeerReachesEveryPeerAndTheLeaderChecksTheMode() throws Exception {
        group = ReplicatedPeers.started(3, dir, clock, 100);
        List<RatisConsensus> peers = group.running();

        Tenant created = peers.get(1).psaRecords().putTenant(tenant("acme", 5), TenantWrite.CREATE);
        assertThat(created.created()).isNotNull();
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(10)).until(() -> p.psaRecords().table().tenant("acme").isPresent());
        }
        assertThatThrownBy(() -> peers.get(2).psaRecords().putTenant(tenant("acme", 7), TenantWrite.CREATE))
                .isInstanceOf(TenantRefusedException.class).hasMessageContaining("exists already")
                .satisfies(e -> assertThat(((TenantRefusedException) e).code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> peers.get(2).psaRecords().putTenant(tenant("nobody", 7), TenantWrite.UPDATE))
                .isInstanceOf(TenantRefusedException.class)
                .satisfies(e -> assertThat(((TenantRefusedException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));

        clock.advance(Duration.ofMinutes(5));
        Tenant updated = peers.get(2).psaRecords().putTenant(tenant("acme", 9), TenantWrite.UPDATE);
        assertThat(updated.maxPins()).isEqualTo(9);
        assertThat(updated.created()).as("an update keeps the creation time").isEqualTo(created.created());

        peers.get(0).psaRecords().putTenant(tenant("other", 0), TenantWrite.CREATE);
        peers.get(0).psaRecords().removeTenant("other");
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(p.psaRecords().table().tenants()).containsExactly(updated);
            });
        }
    }

    @Test
    void tenantRecordsSurviveARestartFromASnapshotInFormatSix() throws Exception {
        group = ReplicatedPeers.snapshotting(dir, clock);
        RatisConsensus c = group.peer(0);
        c.psaRecords().putTenant(tenant("acme", 5), TenantWrite.CREATE);
        c.psaRecords().putTenant(new Tenant("zed", 0, 0, -1, -1, true, null), TenantWrite.CREATE);
        for (int i = 0; i < 60; i++) { // one entry each, so snapshots are taken
            c.pin(cid(i + 10), PinOptions.DEFAULTS);
        }
        List<Tenant> before = c.psaRecords().table().tenants();
        long applied = c.state().appliedIndex();
        group.stop(0);

        Path newest = ReplicatedPeers.newestSnapshot(dir);
        assertThat(Files.readAllBytes(newest)[4]).as("snapshot format with tenant records").isEqualTo((byte) 6);
        assertThat(SnapshotFile.read(newest, null).tenants()).isEqualTo(before);

        RatisConsensus again = group.start(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().appliedIndex() >= applied);
        assertThat(again.psaRecords().table().tenants()).isEqualTo(before);
        assertThat(again.psaRecords().table().tenant("zed").orElseThrow().disabled()).isTrue();
    }
}
