package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.component.StateBackupApi.BackupInfo;
import io.pincluster.core.component.StateBackupApi.RestoreReport;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.token.TokenRevocation;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup holds the replicated state beyond the pins (a revoked token, a Pinning Service API request) and a
 * restore through Raft brings all of it back, the revocation only into a cluster with the same secret; a damaged backup and a cluster holding pins are
 * refused without a change. Single-peer clusters on real Ratis; the three-peer case under write load is
 * cluster-service's {@code StateBackupRestoreTest}.
 */
class StateBackupsTest {
    private static final Instant START = Instant.parse("2026-12-04T06:00:00Z");
    private static final String FINGERPRINT = "sha256:1111222233334444";

    // One folder per cluster: TestPeers derives peer IDs from it (a longer path: IDs too long for a certificate).
    @TempDir
    Path dir;
    @TempDir
    Path otherDir;
    private final ManualClock clock = new ManualClock(START);
    private final List<RatisConsensus> started = new java.util.ArrayList<>();

    private final List<Path> cleanup = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        started.forEach(RatisConsensus::close);
        for (Path p : cleanup) {
            Files.deleteIfExists(p);
        }
    }

    private RatisConsensus cluster(Path root) throws IOException {
        TestPeers fixture = new TestPeers(1, root);
        RatisConsensus c = new RatisConsensus(fixture.config(0), clock, fixture.tls(0));
        started.add(c);
        c.start(fixture.decider());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> c.pin(cid(100_000), PinOptions.DEFAULTS) != null);
        c.unpin(cid(100_000));
        return c;
    }

    private static Map<String, String> names(RatisConsensus c) {
        return c.state().query(io.pincluster.core.component.AllocationQuery.ALL)
                .collect(Collectors.toMap(p -> p.cid().toString(), p -> p.options().name()));
    }

    @Test
    void pinsAndRevokedTokensComeBackInAFreshClusterWithTheSameSecret() throws Exception {
        RatisConsensus source = cluster(dir);
        for (int i = 0; i < 40; i++) {
            source.pin(cid(i), new PinOptions(-1, -1, "pin " + i, PinMode.RECURSIVE, 0, List.of(), null,
                    Map.of("n", Integer.toString(i)), null, List.of()));
        }
        source.revoke(new TokenRevocation("bobs-token", "bob", START.plus(Duration.ofHours(12))));
        source.psaRecords().put(new PsaPin("alices-request", "alice", cid(3), "via the pinning service", List.of(),
                Map.of("k", "v"),
                0, null), null, 0);
        source.psaRecords().putTenant(new io.pincluster.core.psa.Tenant("alice", 10, 5000, 2, 3, false, null),
                io.pincluster.core.psa.PsaRecords.TenantWrite.CREATE);
        // More requests than are written at once on restore (StateBackups.REQUESTS_IN_FLIGHT), on pinned CIDs.
        for (int i = 0; i < 2 * StateBackups.REQUESTS_IN_FLIGHT + 3; i++) {
            source.psaRecords().put(new PsaPin("bobs-" + i, "bob", cid(i % 40), "request " + i, List.of(), Map.of(),
                    0, null),
                    null, 0);
        }
        int requests = 1 + 2 * StateBackups.REQUESTS_IN_FLIGHT + 3;
        // Archives of the first 35 pins: more than are written at once on restore.
        List<ArchiveEntry> archives = new java.util.ArrayList<>();
        for (int i = 0; i < 35; i++) {
            String sha = String.format("%064x", i);
            archives.add(new ArchiveEntry(cid(i), "archives/" + cid(i) + "/" + sha + ".car", sha, 1000 + i,
                    "baga6ea4seaq-test-" + i, START));
            source.archiveRecords().recordArchive(archives.get(i));
        }
        Path file = Files.createTempFile("state-", ".backup");
        cleanup.add(file);

        long appliedBefore = source.state().appliedIndex();
        BackupInfo info = new StateBackups(source, FINGERPRINT, clock).backup(file);

        assertThat(info.pins()).isEqualTo(40);
        assertThat(info.revokedTokens()).isEqualTo(1);
        assertThat(info.pinRequests()).isEqualTo(requests);
        assertThat(info.tenants()).isEqualTo(1);
        assertThat(info.archives()).isEqualTo(35);
        assertThat(info.format()).as("a backup with archive index entries").isEqualTo(3);
        assertThat(info.appliedIndex()).as("past its barrier entry, at most what is applied now")
                .isGreaterThan(appliedBefore).isLessThanOrEqualTo(source.state().appliedIndex());
        assertThat(info.clusterFingerprint()).isEqualTo(FINGERPRINT);

        RatisConsensus fresh = cluster(otherDir);
        RestoreReport report = new StateBackups(fresh, FINGERPRINT, clock).restore(file, false);

        assertThat(report.pinsRestored()).isEqualTo(40);
        assertThat(report.revokedTokensRestored()).isEqualTo(1);
        assertThat(report.sameClusterSecret()).isTrue();
        assertThat(names(fresh)).isEqualTo(names(source));
        assertThat(fresh.state().get(cid(7)).map(Pin::options).map(PinOptions::metadata)).hasValue(Map.of("n", "7"));
        assertThat(fresh.isRevoked("bobs-token", "bob")).isTrue();
        assertThat(report.pinRequestsRestored()).isEqualTo(requests);
        assertThat(fresh.psaRecords().table().size()).isEqualTo(requests);
        assertThat(fresh.psaRecords().table().get("bobs-66"))
                .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("request 66"));
        assertThat(report.tenantsRestored()).isEqualTo(1);
        assertThat(report.archivesRestored()).isEqualTo(35);
        assertThat(fresh.archiveRecords().archiveIndex().all()).as("the archives are found again, entry by entry")
                .containsExactlyInAnyOrderElementsOf(archives);
        assertThat(fresh.psaRecords().table().tenant("alice")).hasValueSatisfying(t -> {
            assertThat(t.maxPins()).isEqualTo(10);
            assertThat(t.maxBytes()).isEqualTo(5000);
            assertThat(t.replicationMax()).isEqualTo(3);
        });
        assertThat(fresh.psaRecords().table().get("alices-request")).hasValueSatisfying(p -> {
            assertThat(p.owner()).isEqualTo("alice");
            assertThat(p.cid()).isEqualTo(cid(3));
            assertThat(p.meta()).isEqualTo(Map.of("k", "v"));
        });

        assertThatThrownBy(() -> new StateBackups(fresh, FINGERPRINT, clock).restore(file, false))
                .isInstanceOfSatisfying(ClusterException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("already holds 40 pins");
    }

    @Test
    void anotherSecretGetsThePinsButNotTheRevocationsAndADamagedFileChangesNothing() throws Exception {
        RatisConsensus source = cluster(dir);
        source.pin(cid(1), PinOptions.DEFAULTS);
        source.revoke(new TokenRevocation("bobs-token", "bob", START.plus(Duration.ofHours(12))));
        Path file = Files.createTempFile("state-", ".backup");
        cleanup.add(file);
        new StateBackups(source, FINGERPRINT, clock).backup(file);
        byte[] bytes = Files.readAllBytes(file);
        Path damaged = Files.createTempFile("damaged-", ".backup");
        cleanup.add(damaged);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(damaged, bytes);

        RatisConsensus other = cluster(otherDir);
        StateBackups otherSecret = new StateBackups(other, "sha256:9999888877776666", clock);
        assertThatThrownBy(() -> otherSecret.restore(damaged, false))
                .isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining("nothing was restored").hasMessageContaining("corrupt");
        assertThat(other.state().size()).isZero();

        RestoreReport report = otherSecret.restore(file, false);

        assertThat(report.pinsRestored()).isEqualTo(1);
        assertThat(report.sameClusterSecret()).isFalse();
        assertThat(report.revokedTokensRestored()).isZero();
        assertThat(other.isRevoked("bobs-token", "bob")).isFalse();
        assertThat(other.state().get(cid(1))).isPresent();
    }
}
