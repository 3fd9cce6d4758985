package io.pincluster.service.tracker;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PinSetView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net's round over the pins waiting for a holder when the leader can say who holds what (decision 0022):
 * the waiting CIDs are asked of the leader a thousand at a time, in CID order, and only those it says someone holds
 * (or cannot tell about) are woken for a pass, and those the pinner could pin without a peer (an archive of it,
 * blocks in the gateway's cache). Waking every waiting pin instead cost each a pass through the queue
 * and a question of its own: ten million waiting pins kept both cores busy for minutes each round. A pin whose pass
 * would not ask the leader either (it names origins, its root block is here) or that is no longer allocated here is
 * woken without asking. One round at a time, on a thread of its own.
 */
final class LeaderRecheck implements AutoCloseable {
    /** Waiting CIDs asked about at once: the lookup's own batch, so a chunk is about one question. */
    static final int CHUNK = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(LeaderRecheck.class);

    private final PeerId self;
    private final PinSetView pinset;
    private final ContentPinner pinner;
    private final HolderLookup lookup;
    private final TrackedWork work;
    private Thread round; // guarded by this
    private volatile boolean closed;

    LeaderRecheck(PeerId self, PinSetView pinset, ContentPinner pinner, HolderLookup lookup, TrackedWork work) {
        this.self = self;
        this.pinset = pinset;
        this.pinner = pinner;
        this.lookup = lookup;
        this.work = work;
    }

    /** Starts a round unless one is running (that one reads the waiting pins as they are when it gets to them). */
    synchronized void start() {
        if (closed || round != null && round.isAlive()) {
            return;
        }
        round = new Thread(this::runRound, "pin-tracker-recheck");
        round.setDaemon(true);
        round.start();
    }

    private void runRound() {
        Cid after = null;
        int askedAbout = 0;
        int woken = 0;
        try {
            while (!closed) {
                List<Cid> chunk = work.waitingAfter(after, CHUNK);
                if (chunk.isEmpty()) {
                    break;
                }
                after = chunk.get(chunk.size() - 1);
                List<CompletableFuture<Boolean>> answers = new ArrayList<>(chunk.size());
                for (Cid cid : chunk) {
                    Pin pin = pinset.get(cid).orElse(null);
                    if (pin == null || !pin.isAllocatedTo(self) || !pin.options().origins().isEmpty()
                            || !pinner.needsPeers(pin)) {
                        woken += work.wake(cid) ? 1 : 0;
                    } else {
                        answers.add(lookup.holdersOf(cid).thenApply(holders ->
                                (!holders.isNobody() || pinner.couldPinWithoutPeers(pin)) && work.wake(cid)));
                    }
                }
                askedAbout += answers.size();
                for (CompletableFuture<Boolean> answer : answers) {
                    woken += answer.get() ? 1 : 0; // one chunk in flight: the lookup's queue stays small
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("{}: re-check of the pins waiting for a holder failed", self, e);
            return;
        }
        if (askedAbout > 0 || woken > 0) {
            LOG.info("{}: re-checked the pins waiting for a holder: asked the leader about {}, {} woken", self,
                    askedAbout, woken);
        }
    }

    /** Stops a running round. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = round;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
