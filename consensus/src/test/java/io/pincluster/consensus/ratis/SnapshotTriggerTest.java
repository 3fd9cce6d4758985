package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotTriggerTest {
    /** The requests the trigger made, each answered when the test completes it. */
    private final List<CompletableFuture<Boolean>> asked = new CopyOnWriteArrayList<>();
    private SnapshotTrigger trigger;
    /** The log index of the next applied entry. */
    private long index;

    @AfterEach
    void close() {
        if (trigger != null) {
            trigger.close();
        }
    }

    private SnapshotTrigger trigger(long entries, long pins, long bytes) {
        return trigger(entries, pins, bytes, System::nanoTime);
    }

    private SnapshotTrigger trigger(long entries, long pins, long bytes, LongSupplier nanoTime) {
        return trigger(entries, pins, bytes, nanoTime, () -> 0.0);
    }

    private SnapshotTrigger trigger(long entries, long pins, long bytes, LongSupplier nanoTime,
                                    DoubleSupplier staggerDraw) {
        trigger = new SnapshotTrigger("test", new SnapshotTrigger.Limits(entries, pins, bytes), () -> {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            asked.add(answer);
            return answer;
        }, nanoTime, staggerDraw);
        return trigger;
    }

    @Test
    void batchedEntriesAskForASnapshotOnceTheirPinsPassTheLimit() {
        SnapshotTrigger t = trigger(1_000_000, 2_500, Long.MAX_VALUE);
        for (int entry = 1; entry <= 2; entry++) {
            t.applied(++index, 1000, 100_000, false); // two entries of 1,000 pins: 2,000 < 2,500
        }
        assertThat(t.due(2)).isFalse();
        assertThat(asked).isEmpty();
        t.applied(++index, 1000, 100_000, false); // the third entry crosses it
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 1);
        assertThat(t.due(3)).as("due by pins, 3 entries after the last cut").isTrue();

        t.applied(++index, 1000, 100_000, false);
        assertThat(asked).as("one request at a time").hasSize(1);
        asked.get(0).complete(true);
        t.cut(4, 10_000); // Ratis called takeSnapshot: the cut resets the count
        assertThat(t.due(4)).isFalse();
        assertThat(t.pinsSinceCut()).isZero();
        t.applied(++index, 1000, 100_000, false);
        t.applied(++index, 1000, 100_000, false);
        assertThat(asked).hasSize(1);
        t.applied(++index, 1000, 100_000, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 2);
    }

    @Test
    void aSnapshotBeingWrittenIsNotAskedForAgain() {
        SnapshotTrigger t = trigger(1_000_000, 10, Long.MAX_VALUE);
        t.applied(++index, 50, 1, true);
        t.applied(++index, 50, 1, true);
        assertThat(asked).as("still writing the last one").isEmpty();
        t.applied(++index, 1, 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 1);
    }

    @Test
    void bytesAndEntriesAreLimitsToo() {
        SnapshotTrigger t = trigger(100, Long.MAX_VALUE, 1 << 20);
        t.applied(++index, 1, 600_000, false);
        assertThat(t.due(1)).isFalse();
        t.applied(++index, 1, 600_000, false);
        assertThat(t.due(2)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 1);

        SnapshotTrigger entriesOnly = new SnapshotTrigger("entries", new SnapshotTrigger.Limits(100, 1_000, 1 << 20),
                () -> CompletableFuture.completedFuture(true), System::nanoTime);
        try {
            entriesOnly.cut(500, 0);
            assertThat(entriesOnly.due(599)).isFalse();
            assertThat(entriesOnly.due(600)).as("100 entries after the cut at 500").isTrue();
        } finally {
            entriesOnly.close();
        }
    }

    @Test
    void entriesPastTheirLimitAskForASnapshotThemselves() {
        SnapshotTrigger t = trigger(100, Long.MAX_VALUE, Long.MAX_VALUE);
        for (int i = 0; i < 99; i++) {
            t.applied(++index, 1, 1, false);
        }
        assertThat(asked).isEmpty();
        t.applied(++index, 1, 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 1);
    }

    @Test
    void eachPeerCutsUpToAFifthEarlierThanTheLimitsDrawnAnewForEachSnapshot() {
        Deque<Double> draws = new ArrayDeque<>(List.of(1.0, 0.5, 7.0, -3.0));
        SnapshotTrigger t = trigger(1_000_000, 1_000, Long.MAX_VALUE, System::nanoTime, draws::removeFirst);
        // the whole stagger at start: 20% below the limit of 1,000 pins
        t.applied(++index, 799, 1, false);
        assertThat(t.due(index)).isFalse();
        assertThat(asked).isEmpty();
        t.applied(++index, 1, 1, false);
        assertThat(t.due(index)).as("800 pins: 1,000 less the whole stagger").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 1);
        asked.get(0).complete(true);

        t.cut(index, 2_000); // half of it for the next snapshot
        t.applied(++index, 899, 1, false);
        assertThat(t.due(index)).isFalse();
        t.applied(++index, 1, 1, false);
        assertThat(t.due(index)).as("900 pins").isTrue();

        t.cut(index, 40_000); // stretched to 10,000 pins; a draw above 1 counts as 1: never more than the stagger
        t.applied(++index, 7_999, 1, false);
        assertThat(t.due(index)).isFalse();
        t.applied(++index, 1, 1, false);
        assertThat(t.due(index)).as("8,000 of the stretched 10,000").isTrue();

        t.cut(index, 0); // a draw below 0 counts as 0: never later than the limits
        t.applied(++index, 999, 1, false);
        assertThat(t.due(index)).isFalse();
        t.applied(++index, 1, 1, false);
        assertThat(t.due(index)).as("1,000 pins").isTrue();
    }

    @Test
    void theLimitsGrowToAQuarterOfTheLastSnapshot() {
        SnapshotTrigger t = trigger(100, 1_000, 1 << 20);
        t.cut(10, 40_000); // a quarter of 40,000 pins is 10,000: ten times the pin limit, and so the others
        t.applied(++index, 9_999, 9 << 20, false);
        assertThat(t.due(10 + 999)).isFalse();
        assertThat(t.due(10 + 1_000)).as("1,000 entries after the cut").isTrue();
        assertThat(asked).isEmpty();
        t.applied(++index, 1, 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 1);
        asked.get(0).complete(true);

        t.cut(20_000, 100); // a small snapshot: never below the configured limits
        t.applied(++index, 999, 1, false);
        assertThat(t.due(20_001)).isFalse();
        t.applied(++index, 1, 1, false);
        assertThat(t.due(20_002)).isTrue();
    }

    @Test
    void aQuietLogIsSnapshottedAtTheConfiguredLimitsThoughTheyWereStretched() {
        AtomicLong now = new AtomicLong();
        SnapshotTrigger t = trigger(1_000_000, 1_000, Long.MAX_VALUE, now::get);
        t.cut(0, 400_000); // stretched to 100,000 pins
        t.applied(1, 5_000, 1, false); // past the configured 1,000, far below the stretched limit
        t.askIfQuiet();
        assertThat(t.due(1)).isFalse();
        now.addAndGet(SnapshotTrigger.QUIET.toNanos() - 1);
        t.askIfQuiet();
        assertThat(t.due(1)).as("quiet for a nanosecond less than QUIET").isFalse();
        assertThat(asked).isEmpty();
        now.incrementAndGet();
        assertThat(t.due(1)).isTrue();
        t.askIfQuiet();
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 1);
        asked.get(0).complete(true);

        t.cut(1, 400_000);
        t.applied(2, 10, 1, false); // below the configured limits: a quiet log is left alone
        now.addAndGet(2 * SnapshotTrigger.QUIET.toNanos());
        t.askIfQuiet();
        assertThat(t.due(2)).isFalse();
        t.applied(3, 990, 1, false); // a new entry restarts the quiet period
        assertThat(t.due(3)).isFalse();
        now.addAndGet(SnapshotTrigger.QUIET.toNanos());
        assertThat(t.due(3)).isTrue();
    }

    @Test
    void aRefusedRequestIsRepeatedLater() {
        SnapshotTrigger t = trigger(1_000_000, 10, Long.MAX_VALUE);
        t.applied(++index, 10, 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 1);
        asked.get(0).complete(false); // e.g. the server was still starting
        t.applied(++index, 1, 1, false);
        assertThat(asked).as("not at once").hasSize(1);
        await().atMost(Duration.ofSeconds(5)).pollInSameThread().until(() -> { // the counters are one thread's
            t.applied(++index, 0, 0, false);
            return asked.size() == 2;
        });
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new SnapshotTrigger.Limits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotTrigger.Limits(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotTrigger.Limits(1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
