package io.pincluster.service.cold;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.cold.ArchiveRemoval;
import io.pincluster.core.cold.HotDrop;
import io.pincluster.core.cold.ReadReport;
import io.pincluster.core.component.ReplicatedPinset;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetListener;
import io.pincluster.core.state.PinSetState;
import io.pincluster.core.state.PinSetView;
import io.pincluster.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leader's {@code cold.drop_hot_after} policy (decision 0024) on a manual clock, against a replica that applies
 * reports and drops with the state machine's own rules ({@link ArchiveIndex#markRead}, {@link HotDrop#appliesTo}).
 */
class HotCopyPolicyTest {
    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
    private static final Duration AFTER = Duration.ofHours(1);
    private static final PeerId A = PeerId.ofPublicKeyProto("hot-a".getBytes(StandardCharsets.UTF_8));
    private static final PeerId B = PeerId.ofPublicKeyProto("hot-b".getBytes(StandardCharsets.UTF_8));

    private final ManualClock clock = new ManualClock(T0);
    private final PinSetState state = new PinSetState();
    private final ArchiveIndex index = new ArchiveIndex();
    private final Replica records = new Replica();
    private final FakePinset pinset = new FakePinset();
    private final AtomicBoolean leads = new AtomicBoolean(true);
    private final HotCopyPolicy policy = new HotCopyPolicy(pinset, records, leads::get, AFTER,
            Duration.ofSeconds(10), clock);

    @AfterEach
    void close() {
        policy.close();
    }

    private static Cid cid(int n) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("hot-pin" + n).getBytes(StandardCharsets.UTF_8)));
    }

    private Pin pin(int n, int min, List<PeerId> allocations) {
        Pin pin = new Pin(cid(n), PinOptions.DEFAULTS.withReplication(min, 3), PinType.DATA, allocations, null, T0);
        state.apply(new PinOp.AddPin(pin));
        return pin;
    }

    private ArchiveEntry archive(Pin pin, Instant at) {
        ArchiveEntry entry = new ArchiveEntry(pin.cid(), "archives/" + pin.cid() + "/" + "ab".repeat(32) + ".car",
                "ab".repeat(32), 1000, "baga6ea4seaqtest", at);
        index.put(entry);
        return entry;
    }

    private List<PeerId> allocations(Pin pin) {
        return state.get(pin.cid()).orElseThrow().allocations();
    }

    @Test
    void anArchivedPinUnreadForDropHotAfterLosesItsHotCopiesAndStaysPinned() {
        Pin pin = pin(1, 2, List.of(A, B));
        archive(pin, T0);

        clock.advance(AFTER.minusSeconds(1));
        assertThat(policy.pass().dropped()).isZero();
        assertThat(allocations(pin)).containsExactly(A, B);

        clock.advance(Duration.ofSeconds(1));
        HotCopyPolicy.Pass pass = policy.pass();

        assertThat(pass.dropped()).isEqualTo(1);
        assertThat(state.get(pin.cid())).as("still pinned").isPresent();
        assertThat(allocations(pin)).as("no hot copy left").isEmpty();
        assertThat(index.contains(pin.cid())).isTrue();
        assertThat(policy.dropped()).isEqualTo(1);
        assertThat(policy.pass().dropped()).as("nothing more to drop").isZero();
    }

    @Test
    void aReportedReadPushesTheDropBackByDropHotAfter() {
        Pin pin = pin(1, 1, List.of(A));
        archive(pin, T0);
        clock.advance(Duration.ofMinutes(50));
        records.reportReads(new ReadReport(Map.of(pin.cid(), clock.instant())));
        assertThat(index.get(pin.cid()).orElseThrow().unreadSince()).isEqualTo(T0.plus(Duration.ofMinutes(50)));

        clock.advance(Duration.ofMinutes(20)); // 70 minutes after the archive, 20 after the read
        assertThat(policy.pass().dropped()).isZero();
        assertThat(allocations(pin)).containsExactly(A);

        clock.advance(Duration.ofMinutes(40));
        assertThat(policy.pass().dropped()).isEqualTo(1);
        assertThat(allocations(pin)).isEmpty();
    }

    @Test
    void readTimesOnlyGrow() {
        Pin pin = pin(1, 1, List.of(A));
        archive(pin, T0);
        Instant late = T0.plus(Duration.ofMinutes(30));
        records.reportReads(new ReadReport(Map.of(pin.cid(), late)));
        records.reportReads(new ReadReport(Map.of(pin.cid(), T0.plus(Duration.ofMinutes(10)))));
        assertThat(index.get(pin.cid()).orElseThrow().lastReadAt()).as("an older report does not move it back")
                .isEqualTo(late);
        archive(pin, T0.plus(Duration.ofMinutes(5))); // archived again: a re-archive is not a read, and keeps it
        assertThat(index.get(pin.cid()).orElseThrow().lastReadAt()).isEqualTo(late);
        records.reportReads(new ReadReport(Map.of(cid(99), late)));
        assertThat(index.contains(cid(99))).as("a read of a pin without an archive is not tracked").isFalse();
    }

    @Test
    void pinsWithoutAnArchivePinsOnEveryPeerAndFollowersAreLeftAlone() {
        Pin notArchived = pin(1, 1, List.of(A));
        Pin everywhere = new Pin(cid(2), PinOptions.DEFAULTS.withReplication(-1, -1), PinType.DATA, List.of(), null,
                T0);
        state.apply(new PinOp.AddPin(everywhere));
        archive(everywhere, T0);
        Pin archived = pin(3, 1, List.of(B));
        archive(archived, T0);
        clock.advance(AFTER.multipliedBy(2));

        leads.set(false);
        assertThat(policy.pass().leading()).isFalse();
        assertThat(allocations(archived)).as("only the leader drops").containsExactly(B);

        leads.set(true);
        assertThat(policy.pass().dropped()).isEqualTo(1);
        assertThat(allocations(notArchived)).containsExactly(A);
        assertThat(allocations(archived)).isEmpty();
        assertThat(state.get(everywhere.cid()).orElseThrow().isEverywhere()).isTrue();
    }

    @Test
    void aDropIsAppliedOnlyIfWhatTheLeaderJudgedStillHolds() {
        Pin pin = pin(1, 2, List.of(A, B));
        ArchiveEntry entry = archive(pin, T0);
        HotDrop judged = HotDrop.of(pin, entry);

        assertThat(judged.appliesTo(Optional.of(entry), Optional.of(pin))).isTrue();
        assertThat(judged.appliesTo(Optional.empty(), Optional.of(pin))).as("archive not (or no longer) indexed")
                .isFalse();
        assertThat(judged.appliesTo(Optional.of(entry), Optional.empty())).as("unpinned meanwhile").isFalse();
        assertThat(judged.appliesTo(Optional.of(entry.readAt(T0.plusSeconds(1))), Optional.of(pin)))
                .as("a read reported since").isFalse();
        Pin repinned = new Pin(pin.cid(), pin.options(), pin.type(), pin.allocations(), null, T0.plusSeconds(1));
        assertThat(judged.appliesTo(Optional.of(entry), Optional.of(repinned))).as("re-pinned or updated").isFalse();
        ArchiveEntry other = new ArchiveEntry(pin.cid(), "archives/other.car", "cd".repeat(32), 1, "baga", T0);
        assertThat(judged.appliesTo(Optional.of(other), Optional.of(pin))).as("another archive").isFalse();
        assertThat(judged.appliesTo(Optional.of(entry), Optional.of(HotDrop.dropped(pin))))
                .as("already dropped").isFalse();

        // and the archive of a pin whose hot copies are gone is never collected while it is pinned
        ArchiveRemoval removal = new ArchiveRemoval(pin.cid(), entry.objectKey(), pin.timestamp());
        assertThat(removal.appliesTo(Optional.of(entry), Optional.of(pin))).isTrue();
        assertThat(removal.appliesTo(Optional.of(entry), Optional.of(HotDrop.dropped(pin)))).isFalse();
    }

    @Test
    void aPinWithoutHotCopiesGetsThemBackOnceReadAgain() {
        Pin pin = pin(1, 2, List.of(A, B));
        archive(pin, T0);
        clock.advance(AFTER);
        assertThat(policy.pass().dropped()).isEqualTo(1);
        assertThat(policy.pass().rewarmed()).as("not read: stays cold").isZero();

        clock.advance(Duration.ofMinutes(5));
        records.reportReads(new ReadReport(Map.of(pin.cid(), clock.instant())));
        assertThat(policy.pass().rewarmed()).isEqualTo(1);
        assertThat(pinset.reallocated).containsExactly(pin.cid());
        assertThat(policy.pass().rewarmed()).as("one re-allocation in flight at a time").isZero();
    }

    @Test
    void onlyPinsThePolicyStillWantsArchivedLoseTheirHotCopies() {
        HotCopyPolicy optionOnly = new HotCopyPolicy(pinset, records, leads::get,
                io.pincluster.core.cold.ArchivePolicy.OPTION, AFTER, Duration.ofSeconds(10), clock);
        try {
            Pin unwanted = pin(1, 1, List.of(A)); // archived, then its archive=true was taken away
            archive(unwanted, T0);
            PinOptions asking = new PinOptions(1, 3, "", null, 0, List.of(), null,
                    Map.of(io.pincluster.core.cold.ArchivePolicy.OPTION_KEY, "true"), null, List.of());
            Pin wanted = new Pin(cid(2), asking, PinType.DATA, List.of(B), null, T0);
            state.apply(new PinOp.AddPin(wanted));
            archive(wanted, T0);
            clock.advance(AFTER);

            assertThat(optionOnly.pass().dropped()).isEqualTo(1);
            assertThat(allocations(unwanted)).as("its archive may be collected: keeps its hot copy")
                    .containsExactly(A);
            assertThat(allocations(wanted)).isEmpty();
        } finally {
            optionOnly.close();
        }
    }

    /** The state machine's rules over this test's pinset and index. */
    private final class Replica implements ArchiveRecords {
        @Override
        public void recordArchive(ArchiveEntry entry) {
            index.put(entry);
        }

        @Override
        public void removeArchive(ArchiveRemoval removal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reportReads(ReadReport report) {
            report.reads().forEach(index::markRead);
        }

        @Override
        public void dropHotCopies(HotDrop drop) {
            Optional<Pin> pin = state.get(drop.cid());
            if (drop.appliesTo(index.get(drop.cid()), pin)) {
                state.apply(new PinOp.AddPin(HotDrop.dropped(pin.get())));
            }
        }

        @Override
        public ArchiveIndex archiveIndex() {
            return index;
        }
    }

    private final class FakePinset implements ReplicatedPinset {
        final List<Cid> reallocated = new CopyOnWriteArrayList<>();

        @Override
        public PinSetView state() {
            return state;
        }

        @Override
        public CompletableFuture<Pin> pinAsync(Cid cid, PinOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Pin> unpinAsync(Cid cid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Pin> reallocateAsync(Cid cid, Set<PeerId> leaving, boolean topUp) {
            reallocated.add(cid);
            return new CompletableFuture<>();
        }

        @Override
        public void addListener(PinSetListener listener) {
        }

        @Override
        public int expireDue() {
            return 0;
        }
    }
}
