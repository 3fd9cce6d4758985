package io.pincluster.it.chaos;

import io.pincluster.it.cluster.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The faults of a chaos run, drawn from one seeded {@link Random} so a seed replays the same choices: after a
 * random pause of {@link #MIN_PAUSE}–{@link #MAX_PAUSE}, one of the actions possible at that moment, each as
 * likely as the others (except that an action never done yet goes first, so even a short run
 * has them all): {@code kill -9} a random running peer, restart a killed peer, cut one running peer off
 * from all others (both directions, Raft and cluster RPC, block exchange included), or heal the cut. At most
 * {@value #MAX_UNAVAILABLE} peers are killed or cut off at any time, so three of the five always form a Raft
 * majority, and at most one peer is cut off at a time.
 *
 * <p>It drives the {@link TestCluster} from its own single thread until {@link #finished()} completes; the test's
 * thread must leave the cluster alone until then, and calls {@link #endAllFaults()} afterwards. The replay is of
 * the choices, not of their timing: the same seed on a slower machine interleaves them differently with the load.
 */
final class ChaosSchedule implements AutoCloseable {
    static final Duration MIN_PAUSE = Duration.ofSeconds(2);
    static final Duration MAX_PAUSE = Duration.ofSeconds(6);
    static final int MAX_UNAVAILABLE = 2;

    enum Action { KILL, RESTART, PARTITION, HEAL }

    private final TestCluster cluster;
    private final Random random;
    private final long startNanos = System.nanoTime();
    private final long endNanos;
    private final Set<Integer> killed = new TreeSet<>();
    private final Map<Action, Integer> counts = new EnumMap<>(Action.class);
    private final List<String> log = new ArrayList<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final ScheduledThreadPoolExecutor timer;
    private int cutOff = -1;

    private ChaosSchedule(TestCluster cluster, long seed, Duration duration) {
        this.cluster = cluster;
        this.random = new Random(seed);
        this.endNanos = startNanos + duration.toNanos();
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "chaos-schedule");
            t.setDaemon(true);
            return t;
        });
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() cancels the next action
    }

    /** Starts drawing and doing actions for {@code duration}. */
    static ChaosSchedule start(TestCluster cluster, long seed, Duration duration) {
        ChaosSchedule s = new ChaosSchedule(cluster, seed, duration);
        s.scheduleNext();
        return s;
    }

    /** Completes when the duration is over (exceptionally when an action failed, e.g. a peer did not restart). */
    CompletableFuture<Void> finished() {
        return finished;
    }

    private void scheduleNext() {
        long pause = MIN_PAUSE.toMillis() + random.nextInt((int) (MAX_PAUSE.toMillis() - MIN_PAUSE.toMillis()) + 1);
        timer.schedule(this::step, pause, TimeUnit.MILLISECONDS);
    }

    private void step() {
        try {
            if (System.nanoTime() >= endNanos) {
                finished.complete(null);
                return;
            }
            List<Action> possible = possibleActions();
            List<Action> untried = possible.stream().filter(a -> !counts().containsKey(a)).toList();
            List<Action> choice = untried.isEmpty() ? possible : untried;
            Action action = choice.get(random.nextInt(choice.size()));
            act(action);
            synchronized (this) {
                counts.merge(action, 1, Integer::sum);
            }
            scheduleNext();
        } catch (IOException e) {
            finished.completeExceptionally(new UncheckedIOException(e));
        } catch (RuntimeException | Error e) {
            finished.completeExceptionally(e);
        }
    }

    private List<Action> possibleActions() {
        List<Action> possible = new ArrayList<>();
        boolean budgetLeft = killed.size() + (cutOff >= 0 ? 1 : 0) < MAX_UNAVAILABLE;
        if (budgetLeft) {
            possible.add(Action.KILL);
            if (cutOff < 0) {
                possible.add(Action.PARTITION);
            }
        }
        if (!killed.isEmpty()) {
            possible.add(Action.RESTART);
        }
        if (cutOff >= 0) {
            possible.add(Action.HEAL);
        }
        return possible;
    }

    private void act(Action action) throws IOException {
        switch (action) {
            case KILL -> {
                int peer = pick(running());
                log("kill -9 peer-" + peer + " (pid " + cluster.pid(peer) + ")");
                cluster.kill(peer);
                killed.add(peer);
                if (peer == cutOff) {
                    cluster.heal(); // the budget counts it once: a killed peer needs no cut links
                    cutOff = -1;
                }
            }
            case RESTART -> {
                int peer = pick(killed);
                log("restart peer-" + peer);
                cluster.restart(peer);
                killed.remove(peer);
                log("peer-" + peer + " answers again");
            }
            case PARTITION -> {
                int peer = pick(running());
                log("cut peer-" + peer + " off from every other peer");
                cluster.isolate(peer);
                cutOff = peer;
            }
            case HEAL -> {
                log("heal: peer-" + cutOff + " reconnected");
                cluster.heal();
                cutOff = -1;
            }
            default -> throw new IllegalStateException("unknown action " + action);
        }
    }

    private Set<Integer> running() {
        Set<Integer> running = new TreeSet<>();
        for (int i = 0; i < cluster.size(); i++) {
            if (!killed.contains(i)) {
                running.add(i);
            }
        }
        return running;
    }

    private int pick(Set<Integer> peers) {
        List<Integer> list = List.copyOf(peers);
        return list.get(random.nextInt(list.size()));
    }

    private synchronized void log(String line) {
        long ms = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        log.add(String.format("%6.1fs %s", ms / 1000.0, line));
    }

    /** Every action so far, with the seconds since the start. */
    synchronized List<String> log() {
        return List.copyOf(log);
    }

    /** How many times each action was drawn so far (the ends of {@link #endAllFaults} apart). */
    synchronized Map<Action, Integer> counts() {
        return new EnumMap<>(counts);
    }

    /**
     * Heals every cut link and restarts every killed peer, waiting until each answers; only once {@link #finished()}
     * has completed (or after {@link #close()}).
     */
    void endAllFaults() throws IOException {
        if (cutOff >= 0) {
            log("end: heal peer-" + cutOff);
            cluster.heal();
            cutOff = -1;
        }
        for (int peer : List.copyOf(killed)) {
            log("end: restart peer-" + peer);
            cluster.restart(peer);
            killed.remove(peer);
        }
    }

    /** Stops drawing actions (one under way finishes first). */
    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(3, TimeUnit.MINUTES)) {
            timer.shutdownNow();
            throw new IllegalStateException("the chaos schedule's last action did not end within 3 minutes");
        }
    }
}
