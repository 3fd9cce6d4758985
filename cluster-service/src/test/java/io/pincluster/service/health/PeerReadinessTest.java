package io.pincluster.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.component.ReadinessApi.Check;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo.RaftInfo;
import io.pincluster.service.monitor.DiskUsage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Each condition of {@code GET /health/ready} on its own: a healthy peer is ready, and each way of not being ready
 * (no group, no leader, lagging, unwritable store, disk at the high-water mark) makes it not ready with that check as
 * the reason, while the other checks stay ok.
 */
class PeerReadinessTest {
    private static final PeerId SELF = peer("self");
    private static final PeerId OTHER = peer("other");
    private static final long MAX_LAG = 100;

    private final AtomicReference<RaftInfo> raft = new AtomicReference<>(new RaftInfo("follower", 3, 500, 490, 10,
            OTHER));
    private final AtomicReference<List<PeerId>> members = new AtomicReference<>(List.of(SELF, OTHER));
    private final AtomicReference<Optional<String>> storeProblem = new AtomicReference<>(Optional.empty());
    private final AtomicReference<Optional<DiskUsage>> disk = new AtomicReference<>(Optional.of(
            new DiskUsage(50, 100)));
    private final PeerReadiness readiness = new PeerReadiness(SELF, new PeerReadiness.Sources(raft::get,
            members::get, storeProblem::get, disk::get), MAX_LAG, 0.9);

    @Test
    void aMemberWithALeaderInsideTheLagBoundWithAWritableStoreBelowTheMarkIsReady() {
        assertThat(readiness.notReadyReason()).isEmpty();
        assertThat(readiness.checks()).extracting(Check::name)
                .containsExactly("raft", "leader", "lag", "store", "disk");
        assertThat(readiness.checks()).allMatch(Check::ok);
        assertThat(check("leader").detail()).contains(OTHER.value());
        assertThat(check("disk").detail()).contains("50.0%");
    }

    @Test
    void notAMemberOfAnyGroupIsNotReady() {
        members.set(List.of(OTHER));
        raft.set(new RaftInfo("unavailable", 0, 0, 0, 0, null));
        assertThat(readiness.notReadyReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("not a member of a Raft group"));
        assertThat(check("raft").ok()).isFalse();
        assertThat(check("store").ok()).isTrue();
    }

    @Test
    void noKnownLeaderIsNotReady() {
        raft.set(new RaftInfo("candidate", 4, 500, 500, 0, null));
        assertThat(readiness.notReadyReason()).hasValueSatisfying(r -> assertThat(r).contains("no known Raft leader"));
        assertThat(check("raft").ok()).isTrue();
        assertThat(check("leader").ok()).isFalse();
    }

    @Test
    void appliedIndexFurtherBehindTheCommitIndexThanTheBoundIsNotReadyAndAtTheBoundIsReady() {
        raft.set(new RaftInfo("follower", 3, 1000, 900, MAX_LAG, OTHER));
        assertThat(readiness.notReadyReason()).isEmpty();

        raft.set(new RaftInfo("follower", 3, 1000, 899, MAX_LAG + 1, OTHER));
        assertThat(readiness.notReadyReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("lags the Raft log").contains("applied index 899").contains("commit index 1000"));
        assertThat(check("lag").ok()).isFalse();
        assertThat(check("leader").ok()).isTrue();
    }

    @Test
    void aStoreThatCannotBeWrittenIsNotReadyWithTheStoresOwnWords() {
        storeProblem.set(Optional.of("the block store is full: storing x would exceed the storage maximum"));
        assertThat(readiness.notReadyReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("the block store is full"));
        assertThat(check("store").ok()).isFalse();
    }

    @Test
    void aStoreAtTheHighWaterMarkIsNotReadyAndJustBelowItIsReady() {
        disk.set(Optional.of(new DiskUsage(899, 1000)));
        assertThat(readiness.notReadyReason()).isEmpty();

        disk.set(Optional.of(new DiskUsage(900, 1000)));
        assertThat(readiness.notReadyReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("disk_high_water").contains("90.0%"));
        assertThat(check("disk").ok()).isFalse();
        assertThat(check("store").ok()).isTrue();
    }

    @Test
    void aStoreWhoseUsageCannotBeReadIsNotReadyAndOneOfUnknownCapacityIs() {
        disk.set(Optional.empty());
        assertThat(readiness.notReadyReason()).isEmpty();

        PeerReadiness failing = new PeerReadiness(SELF, new PeerReadiness.Sources(raft::get, members::get,
                storeProblem::get, () -> {
                    throw new IllegalStateException("the IPFS daemon does not answer");
                }), MAX_LAG, 0.9);
        assertThat(failing.notReadyReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("usage cannot be read").contains("the IPFS daemon does not answer"));
    }

    @Test
    void theFirstFailingCheckIsTheReason() {
        raft.set(new RaftInfo("candidate", 4, 500, 300, 200, null));
        storeProblem.set(Optional.of("read-only file system"));
        assertThat(readiness.notReadyReason()).hasValueSatisfying(r -> assertThat(r).contains("no known Raft leader"));
        assertThat(readiness.checks()).filteredOn(c -> !c.ok()).extracting(Check::name)
                .containsExactly("leader", "lag", "store");
    }

    private Check check(String name) {
        return readiness.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static PeerId peer(String name) {
        return PeerId.ofPublicKeyProto(("readiness-" + name).getBytes(StandardCharsets.UTF_8));
    }
}
