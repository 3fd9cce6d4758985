package io.pincluster.service.holders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PinSetState;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.service.testing.UnreachablePeerRpc;
import io.pincluster.service.tracker.HolderLookup.Holders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tracker's question to the leader (decision 0022): batched, retried while the leader cannot tell, UNKNOWN when
 * the leader predates the question or patience runs out. The leader's registry is real; the link to it is a peer
 * RPC that calls it in this JVM.
 */
class LeaderHolderLookupTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private static final PeerId LEADER = PeerIdentity.generate().peerId();
    private static final PeerId OTHER = PeerIdentity.generate().peerId();

    private final PinSetState pinset = new PinSetState();
    private final AtomicLong term = new AtomicLong(3);
    private final Set<PeerId> down = new HashSet<>();
    private final HolderRegistry leaderRegistry = new HolderRegistry(pinset, p -> !down.contains(p), term::get,
            () -> List.of(SELF, LEADER, OTHER), Duration.ZERO);
    private final HolderRegistry ownRegistry = new HolderRegistry(pinset, p -> true, () -> -1, Duration.ZERO);
    private final List<LeaderHolderLookup> lookups = new ArrayList<>();

    /** Carries questions to the leader's registry, counting them; {@code older} plays a leader of an older build. */
    private final class ToLeader extends UnreachablePeerRpc {
        final AtomicInteger questions = new AtomicInteger();
        final AtomicInteger largest = new AtomicInteger();
        volatile boolean older;

        @Override
        public HoldersReply findHolders(PeerId target, List<Cid> cids) {
            questions.incrementAndGet();
            largest.accumulateAndGet(cids.size(), Math::max);
            if (!target.equals(LEADER)) {
                throw unavailable(target);
            }
            return older ? HoldersReply.unsupported() : leaderRegistry.findHolders(cids);
        }
    }

    private final ToLeader rpc = new ToLeader();

    @AfterEach
    void close() {
        lookups.forEach(LeaderHolderLookup::close);
    }

    private LeaderHolderLookup lookup(Duration patience) {
        LeaderHolderLookup l = new LeaderHolderLookup(SELF, () -> Optional.of(LEADER), ownRegistry, rpc, patience);
        lookups.add(l);
        return l;
    }

    private static Cid cid(String name) {
        return Cid.v1(Codec.RAW, Multihash.sha256(name.getBytes(StandardCharsets.UTF_8)));
    }

    private void fullReport(PeerId peer, List<Cid> held) {
        leaderRegistry.report(new HoldingsReport(peer, 1, 1, true, true, held, List.of(), List.of(), 0));
    }

    @Test
    void manyCidsAskedAtOnceCostAQuestionPerThousandAndNameTheirHolders() {
        Cid held = cid("held");
        fullReport(SELF, List.of());
        fullReport(LEADER, List.of());
        fullReport(OTHER, List.of(held));
        LeaderHolderLookup lookup = lookup(Duration.ofMinutes(1));

        List<Cid> absentCids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            absentCids.add(cid("absent " + i));
        }

        CompletableFuture<Holders> heldAnswer = lookup.holdersOf(held);
        List<CompletableFuture<Holders>> absent = absentCids.stream().map(lookup::holdersOf).toList();

        assertThat(heldAnswer.join()).isEqualTo(Holders.of(List.of(OTHER)));
        absent.forEach(f -> assertThat(f.join()).isEqualTo(Holders.NOBODY));
        assertThat(rpc.largest.get()).isLessThanOrEqualTo(LeaderHolderLookup.BATCH);
        // At least 6 (1,000 a question at most); how many more depends on how the submitting thread is scheduled
        // against the 5 ms linger, so the bound is the batching itself: a hundred CIDs a question on average at
        // the least, against 5,001 questions without it.
        assertThat(rpc.questions.get()).as("5,001 CIDs in questions of up to 1,000").isBetween(6, 50);
    }

    @Test
    void aLeaderStillRebuildingItsViewIsAskedAgainUntilItCanTell() {
        fullReport(SELF, List.of());
        fullReport(LEADER, List.of()); // OTHER, live, has not reported in full yet
        LeaderHolderLookup lookup = lookup(Duration.ofMinutes(1));

        CompletableFuture<Holders> answer = lookup.holdersOf(cid("absent"));
        await().atMost(Duration.ofSeconds(10)).until(() -> rpc.questions.get() >= 2);
        assertThat(answer).isNotDone(); // "nobody I know of" is not "nobody"

        fullReport(OTHER, List.of());
        assertThat(answer.join()).isEqualTo(Holders.NOBODY);
    }

    @Test
    void whatTheLeaderCannotTellWithinThePatienceIsUnknown() {
        fullReport(LEADER, List.of()); // SELF and OTHER never report
        LeaderHolderLookup lookup = lookup(Duration.ofSeconds(1));

        assertThat(lookup.holdersOf(cid("absent")).join()).isEqualTo(Holders.UNKNOWN);
    }

    @Test
    void aLeaderOfAnOlderBuildIsAnsweredUnknownAtOnce() {
        rpc.older = true;
        LeaderHolderLookup lookup = lookup(Duration.ofMinutes(10));

        assertThat(lookup.holdersOf(cid("absent")).join()).isEqualTo(Holders.UNKNOWN);
        assertThat(rpc.questions.get()).isEqualTo(1);
    }

    @Test
    void anUnreachableOrAbsentLeaderMeansUnknownOnceThePatienceRanOut() {
        LeaderHolderLookup nobodyLeads = new LeaderHolderLookup(SELF, Optional::empty, ownRegistry, rpc,
                Duration.ofMillis(600));
        lookups.add(nobodyLeads);
        LeaderHolderLookup unreachable = new LeaderHolderLookup(SELF, () -> Optional.of(OTHER), ownRegistry, rpc,
                Duration.ofMillis(600));
        lookups.add(unreachable);

        assertThat(nobodyLeads.holdersOf(cid("a")).join()).isEqualTo(Holders.UNKNOWN);
        assertThat(unreachable.holdersOf(cid("b")).join()).isEqualTo(Holders.UNKNOWN);
    }

    @Test
    void closingAnswersWhatIsPendingUnknown() {
        LeaderHolderLookup lookup = lookup(Duration.ofMinutes(10)); // the leader's view is never complete
        CompletableFuture<Holders> answer = lookup.holdersOf(cid("absent"));
        await().atMost(Duration.ofSeconds(10)).until(() -> rpc.questions.get() >= 1);

        lookup.close();

        assertThat(answer.join()).isEqualTo(Holders.UNKNOWN);
        assertThat(lookup.holdersOf(cid("later")).join()).isEqualTo(Holders.UNKNOWN);
    }
}
