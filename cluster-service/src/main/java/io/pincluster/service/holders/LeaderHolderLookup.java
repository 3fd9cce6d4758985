package io.pincluster.service.holders;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.tracker.HolderLookup;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the leader which peers hold CIDs pinned, many CIDs per question (decision 0022): what arrives within
 * {@link #LINGER} of the first CID, up to {@link #BATCH}, goes in one {@code FindHolders} call (a local call when this
 * peer leads). One thread asks, one question at a time, so a burst of new pins costs a question per thousand.
 *
 * <p>When the leader cannot tell yet (no leader known, a leader change under way, a new leader whose view misses a
 * live peer's full report, the leader unreachable) the CIDs are asked again every {@link #RETRY} for up to
 * {@code patience}; then they are answered {@link Holders#UNKNOWN} and the tracker asks the peers as before. A
 * leader of an older build that does not know the question is answered UNKNOWN at once.
 */
public final class LeaderHolderLookup implements HolderLookup, AutoCloseable {
    /** CIDs per question at most (a question of 1,000 CIDs is about 38 KB, its answer a few more). */
    static final int BATCH = 1_000;
    /** How long the first CID of a question waits for others to join it. */
    static final Duration LINGER = Duration.ofMillis(5);
    /** How long CIDs the leader could not answer wait before they are asked again. */
    static final Duration RETRY = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(LeaderHolderLookup.class);

    private final PeerId self;
    private final Supplier<Optional<PeerId>> leader;
    private final HolderRegistry local;
    private final PeerRpc rpc;
    private final long patienceNanos;
    private final LinkedBlockingQueue<Asked> incoming = new LinkedBlockingQueue<>();
    /** CIDs to ask again; owned by the asking thread. */
    private final ArrayDeque<Asked> again = new ArrayDeque<>();
    private final Thread thread;
    private final LongAdder questions = new LongAdder();
    private volatile boolean closed;

    private record Asked(Cid cid, CompletableFuture<Holders> answer, long sinceNanos) {
    }

    /**
     * @param leader   the current Raft leader as this peer knows it
     * @param local    this peer's registry, asked directly while this peer leads
     * @param patience how long a CID the leader cannot answer yet is asked again before it is answered UNKNOWN
     */
    public LeaderHolderLookup(PeerId self, Supplier<Optional<PeerId>> leader, HolderRegistry local, PeerRpc rpc,
                              Duration patience) {
        this.self = self;
        this.leader = leader;
        this.local = local;
        this.rpc = rpc;
        this.patienceNanos = patience.toNanos();
        this.thread = new Thread(this::run, "holder-lookup");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public CompletableFuture<Holders> holdersOf(Cid cid) {
        CompletableFuture<Holders> answer = new CompletableFuture<>();
        if (closed) {
            answer.complete(Holders.UNKNOWN);
            return answer;
        }
        incoming.add(new Asked(cid, answer, System.nanoTime()));
        return answer;
    }

    /** Questions sent (to the leader or, while this peer leads, to its own registry) since this started. */
    public long questionsAsked() {
        return questions.sum();
    }

    private void run() {
        long nextRetry = 0;
        while (!closed) {
            try {
                List<Asked> batch = new ArrayList<>();
                long now = System.nanoTime();
                if (!again.isEmpty() && now - nextRetry >= 0) {
                    while (batch.size() < BATCH && !again.isEmpty()) {
                        batch.add(again.poll());
                    }
                    incoming.drainTo(batch, BATCH - batch.size());
                } else {
                    long wait = again.isEmpty() ? TimeUnit.SECONDS.toNanos(1) : nextRetry - now;
                    Asked first = incoming.poll(wait, TimeUnit.NANOSECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    long until = System.nanoTime() + LINGER.toNanos();
                    while (batch.size() < BATCH) {
                        Asked more = incoming.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (more == null) {
                            break;
                        }
                        batch.add(more);
                        incoming.drainTo(batch, BATCH - batch.size());
                    }
                }
                if (ask(batch)) {
                    nextRetry = System.nanoTime() + RETRY.toNanos();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.warn("{}: asking the leader for holders failed", self, e);
            }
        }
        answerAll(Holders.UNKNOWN);
    }

    /* Returns true when some CIDs are to be asked again. */
    private boolean ask(List<Asked> batch) {
        PeerId to = leader.get().orElse(null);
        if (to == null) {
            return later(batch);
        }
        List<Cid> cids = batch.stream().map(Asked::cid).toList();
        HoldersReply reply;
        try {
            questions.increment();
            reply = to.equals(self) ? local.findHolders(cids) : rpc.findHolders(to, cids);
        } catch (ClusterException e) {
            LOG.debug("{}: leader {} could not say who holds {} CIDs: {}", self, to, cids.size(), e.getMessage());
            return later(batch);
        }
        if (!reply.supported()) {
            batch.forEach(a -> a.answer().complete(Holders.UNKNOWN));
            return false;
        }
        if (reply.notLeader() || reply.holders().size() != batch.size()) {
            return later(batch);
        }
        List<Asked> unknown = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            List<PeerId> holders = reply.holders().get(i);
            if (!holders.isEmpty()) {
                batch.get(i).answer().complete(Holders.of(holders));
            } else if (reply.complete()) {
                batch.get(i).answer().complete(Holders.NOBODY);
            } else {
                unknown.add(batch.get(i));
            }
        }
        return later(unknown);
    }

    /* The leader cannot tell yet: ask again later, or answer UNKNOWN once patience ran out. */
    private boolean later(List<Asked> asked) {
        long now = System.nanoTime();
        boolean any = false;
        for (Asked a : asked) {
            if (now - a.sinceNanos() >= patienceNanos || closed) {
                a.answer().complete(Holders.UNKNOWN);
            } else {
                again.add(a);
                any = true;
            }
        }
        return any;
    }

    private void answerAll(Holders answer) {
        again.forEach(a -> a.answer().complete(answer));
        again.clear();
        List<Asked> left = new ArrayList<>();
        incoming.drainTo(left);
        left.forEach(a -> a.answer().complete(answer));
    }

    /** Stops asking; CIDs not answered yet are answered UNKNOWN. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answerAll(Holders.UNKNOWN);
    }
}
