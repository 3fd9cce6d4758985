package io.pincluster.service.periodic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PeriodicTask}: the schedule outlives failing runs, and close ends it and its thread. */
@Timeout(30)
class PeriodicTaskTest {
    private static final Duration FAST = Duration.ofMillis(2);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<PeriodicTask> tasks = new ArrayList<>();
    private final List<Failed> failures = new CopyOnWriteArrayList<>();

    private record Failed(Exception error, boolean closing) {
    }

    @AfterEach
    void close() {
        tasks.forEach(PeriodicTask::close);
    }

    private PeriodicTask task(String thread, Duration period, Duration closeWait, PeriodicTask.Run run) {
        PeriodicTask t = new PeriodicTask(thread, period, closeWait, run, (e, closing) -> failures.add(
                new Failed(e, closing)));
        tasks.add(t);
        return t;
    }

    private static Optional<Thread> thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
    }

    @Test
    void runsThatThrowDoNotStopTheLaterRuns() {
        AtomicInteger runs = new AtomicInteger();
        task("periodic-test-throws", FAST, WAIT, () -> {
            int n = runs.incrementAndGet();
            if (n == 1) {
                throw new IOException("bucket out of reach"); // checked, as the archive collector's
            }
            if (n == 2) {
                throw new IllegalStateException("not applied yet");
            }
        }).start();

        await().atMost(WAIT).until(() -> runs.get() >= 4);
        assertThat(failures).extracting(f -> f.error().getMessage())
                .containsExactly("bucket out of reach", "not applied yet");
        assertThat(failures).noneMatch(Failed::closing);
        assertThat(thread("periodic-test-throws")).get().satisfies(t -> assertThat(t.isDaemon()).isTrue());
    }

    @Test
    void closeStopsTheRunsAndEndsTheThread() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicTask task = task("periodic-test-close", FAST, WAIT, runs::incrementAndGet);
        task.start();
        await().atMost(WAIT).until(() -> runs.get() >= 2);

        task.close();
        // with the thread gone no run can come after this
        await().atMost(WAIT).until(() -> thread("periodic-test-close").isEmpty());
        assertThat(failures).isEmpty();
        assertThatThrownBy(task::start).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }

    @Test
    void closeInterruptsARunInFlightWaitsForItAndTellsTheFailureAsClosing() throws Exception {
        CountDownLatch inRun = new CountDownLatch(1);
        PeriodicTask task = task("periodic-test-interrupt", FAST, WAIT, () -> {
            inRun.countDown();
            new CountDownLatch(1).await(); // a request that only the interrupt ends
        });
        task.start();
        assertThat(inRun.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        task.close();
        // close waited for the run, so its failure was told before close returned
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.error()).isInstanceOf(InterruptedException.class);
            assertThat(f.closing()).isTrue();
        });
        await().atMost(WAIT).until(() -> thread("periodic-test-interrupt").isEmpty());
    }

    @Test
    void closeWithNoWaitReturnsWhileARunIsStillInFlight() throws Exception {
        CountDownLatch inRun = new CountDownLatch(1);
        Semaphore release = new Semaphore(0);
        PeriodicTask task = task("periodic-test-nowait", FAST, Duration.ZERO, () -> {
            inRun.countDown();
            release.acquireUninterruptibly(); // deaf to the interrupt: only the test ends this run
        });
        task.start();
        assertThat(inRun.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        task.close();
        assertThat(thread("periodic-test-nowait")).isPresent();
        release.release();
        await().atMost(WAIT).until(() -> thread("periodic-test-nowait").isEmpty());
        assertThat(failures).isEmpty();
    }

    @Test
    void executeRunsOnTheTaskThreadAheadOfThePeriodicRuns() {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<String> ranOn = new AtomicReference<>();
        PeriodicTask task = task("periodic-test-execute", Duration.ofHours(1), WAIT, runs::incrementAndGet);
        task.execute(() -> ranOn.set(Thread.currentThread().getName()));
        task.start();

        await().atMost(WAIT).until(() -> ranOn.get() != null);
        assertThat(ranOn.get()).isEqualTo("periodic-test-execute");
        assertThat(runs.get()).isZero();
    }

    @Test
    void aPeriodUnderAMillisecondIsRefusedAtStart() {
        PeriodicTask task = task("periodic-test-zero", Duration.ZERO, WAIT, () -> { });
        assertThatThrownBy(task::start).isInstanceOf(IllegalArgumentException.class);
        assertThat(thread("periodic-test-zero")).isEmpty();
    }
}
