package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PeerDirectory;
import io.pincluster.core.state.PeerRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The running half of zombie prevention; the refusal at start is exercised by {@link MembershipConsensusTest}. */
class RemovedPeerGuardTest {
    private static final PeerId SELF = PeerId.ofPublicKeyProto("self".getBytes(StandardCharsets.UTF_8));
    private static final PeerId OTHER = PeerId.ofPublicKeyProto("other".getBytes(StandardCharsets.UTF_8));

    /** The re-checks the guard scheduled, run when the test says (the election timeout that would pass). */
    private final List<Runnable> rechecks = new ArrayList<>();
    private final PeerDirectory directory = new PeerDirectory();
    private final AtomicInteger stops = new AtomicInteger();
    private boolean consensusRunning = true;
    private final RemovedPeerGuard guard = new RemovedPeerGuard(SELF, directory, rechecks::add, this::stopServer);

    private boolean stopServer() {
        if (!consensusRunning) {
            return false;
        }
        guard.markRemoved();
        stops.incrementAndGet();
        return true;
    }

    private void apply(PeerRecord record) {
        directory.put(record);
        guard.peerRecordApplied(record);
    }

    private void runRechecks() {
        List<Runnable> due = List.copyOf(rechecks);
        rechecks.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void ownTombstoneStopsTheServerAfterTheRecheck() {
        apply(PeerRecord.member(SELF, "self", "127.0.0.1:1", "127.0.0.1:2"));
        apply(PeerRecord.member(SELF, "self", "127.0.0.1:1", "127.0.0.1:2").asRemoved());
        assertThat(guard.isRemoved()).as("not before the re-check").isFalse();
        assertThat(stops).hasValue(0);

        runRechecks();

        assertThat(guard.isRemoved()).isTrue();
        assertThat(stops).hasValue(1);
        assertThat(RemovedPeerGuard.error().getMessage()).contains("removed from the cluster");
    }

    @Test
    void aPeerThatJoinedAgainIsNotStoppedByItsOldTombstone() {
        // a replay of the log of a peer that was removed and then joined again: tombstone, then registration
        apply(PeerRecord.member(SELF, "self", "127.0.0.1:1", "127.0.0.1:2").asRemoved());
        apply(PeerRecord.member(SELF, "self", "127.0.0.1:3", "127.0.0.1:4"));

        runRechecks();

        assertThat(guard.isRemoved()).isFalse();
        assertThat(stops).hasValue(0);
    }

    @Test
    void otherPeersRecordsScheduleNothing() {
        apply(PeerRecord.member(OTHER, "other", "127.0.0.1:5", "127.0.0.1:6").asRemoved());
        apply(PeerRecord.member(SELF, "self", "127.0.0.1:1", "127.0.0.1:2"));

        assertThat(rechecks).isEmpty();
        assertThat(guard.isRemoved()).isFalse();
    }

    @Test
    void aConsensusAlreadyShutDownIsNotMarkedRemoved() {
        apply(PeerRecord.member(SELF, "self", "127.0.0.1:1", "127.0.0.1:2").asRemoved());
        consensusRunning = false;

        runRechecks();

        assertThat(guard.isRemoved()).as("a closed consensus keeps answering 'shut down'").isFalse();
        assertThat(stops).hasValue(0);
    }
}
