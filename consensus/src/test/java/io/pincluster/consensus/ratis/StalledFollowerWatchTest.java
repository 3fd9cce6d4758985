package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;

/** The stall rule of {@link StalledFollowerWatch} on a manual clock: what counts as stalled, and what does not. */
class StalledFollowerWatchTest {
    private static final Duration STALLED_AFTER = Duration.ofSeconds(30);
    private static final RaftPeerId A = RaftPeerId.valueOf("a");
    private static final RaftPeerId B = RaftPeerId.valueOf("b");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Map<RaftPeerId, Long> refused = new HashMap<>();
    private final StalledFollowerWatch watch = new StalledFollowerWatch("test", () -> null, STALLED_AFTER,
            Duration.ofSeconds(3), follower -> true, f -> refused.getOrDefault(f, -1L), nanos::get);

    private Optional<RaftPeerId> look(long term, long leaderLast, long matchOfA, long heardMsA) {
        return watch.observe(term, leaderLast, Map.of(A, new VoterKeeper.Progress(heardMsA, matchOfA, matchOfA + 1),
                B, new VoterKeeper.Progress(100, leaderLast, leaderLast + 1)));
    }

    /** A follower that answers, refuses about once a second and takes nothing for 30 s. */
    private Optional<RaftPeerId> refuseFor(Duration d, long term, long leaderLast, long match) {
        Optional<RaftPeerId> last = Optional.empty();
        for (long s = 0; s < d.toSeconds(); s++) {
            refused.merge(A, 1L, Long::sum);
            last = look(term, leaderLast, match, 500);
            nanos.addAndGet(1_000_000_000L);
        }
        return look(term, leaderLast, match, 500);
    }

    @Test
    void aFollowerRefusingEveryAppendWithoutProgressIsStalledAfterTheLimitNotBefore() {
        refused.put(A, 0L);
        refused.put(B, 0L);
        assertThat(refuseFor(Duration.ofSeconds(29), 2, 100, 40)).isEmpty();
        assertThat(refuseFor(Duration.ofSeconds(2), 2, 100, 40)).contains(A);
    }

    @Test
    void aFollowerWhoseMatchIndexMovesIsNotStalledHoweverOftenItRefuses() {
        refused.put(A, 0L);
        for (int s = 0; s < 60; s++) {
            refused.merge(A, 5L, Long::sum);
            assertThat(look(2, 1000, 40 + s, 500)).isEmpty();
            nanos.addAndGet(1_000_000_000L);
        }
    }

    @Test
    void aFollowerThatRefusesLessThanTheMinimumIsNotStalled() {
        // Sent a snapshot: one refusal, then no appends to refuse while the snapshot takes its time.
        refused.put(A, 0L);
        look(2, 100, 40, 500);
        refused.put(A, StalledFollowerWatch.MIN_REFUSALS - 1);
        nanos.addAndGet(STALLED_AFTER.multipliedBy(3).toNanos());
        assertThat(look(2, 100, 40, 500)).isEmpty();
    }

    @Test
    void aSilentOrCaughtUpFollowerIsNotStalled() {
        refused.put(A, 0L);
        look(2, 100, 40, 10_000);
        refused.put(A, 100L);
        nanos.addAndGet(STALLED_AFTER.multipliedBy(2).toNanos());
        assertThat(look(2, 100, 40, 10_000)).as("not heard from: down, not stalled").isEmpty();
        look(2, 40, 40, 500);
        refused.put(A, 200L);
        nanos.addAndGet(STALLED_AFTER.multipliedBy(2).toNanos());
        assertThat(look(2, 40, 40, 500)).as("holds everything the leader has").isEmpty();
    }

    @Test
    void aNewTermStartsEveryFollowerAfresh() {
        refused.put(A, 0L);
        assertThat(refuseFor(Duration.ofSeconds(25), 2, 100, 40)).isEmpty();
        assertThat(refuseFor(Duration.ofSeconds(10), 3, 100, 40)).as("the stall is counted from the new term")
                .isEmpty();
        assertThat(refuseFor(Duration.ofSeconds(25), 3, 100, 40)).contains(A);
    }

    @Test
    void countersThatStartOverRestartTheStall() {
        refused.put(A, 500L);
        assertThat(refuseFor(Duration.ofSeconds(20), 2, 100, 40)).isEmpty();
        refused.put(A, 0L); // the appenders restarted with fresh metrics
        assertThat(refuseFor(Duration.ofSeconds(20), 2, 100, 40)).isEmpty();
        assertThat(refuseFor(Duration.ofSeconds(15), 2, 100, 40)).contains(A);
    }
}
