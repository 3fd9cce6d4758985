package io.pincluster.service.exchange;

import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.core.block.LinkReader;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.ipld.dag.DagWalker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a DAG held here to other peers, block by block ({@link PeerRpc#putBlock}), one stream per target peer in
 * parallel. Used by {@code /add} once the pin has committed and its allocations are known, so the allocated
 * peers' trackers find the blocks already there. A target that fails is given up on for this push (its tracker
 * fetches what it lacks); the push itself never fails the add.
 *
 * <p>Each push ends by waking the target's tracker for the root: it may have tried the pin before the blocks arrived
 * and be waiting for a holder (or still be running that attempt), and this wakes it now rather than at the next
 * re-check. The wake-up rides on the last block ({@link PeerRpc#putLastBlock}), one call per target less for every
 * {@code /add}; a target of an older build, which stores the block but does not know the request, gets a
 * {@link PeerRpc#recover} as before.
 */
public final class BlockPusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockPusher.class);

    private final EmbeddedBlockStore store;
    private final LinkReader links;
    private final PeerRpc rpc;
    private final PeerId self;
    /** Peers pushed to at once. */
    static final int MAX_PARALLEL_PUSHES = 16;
    /**
     * Pushes waiting for a thread. Beyond that a push is skipped: pushing is only a head start, the allocated peers'
     * trackers fetch whatever was not pushed, so many adds at once cost the pushes, never memory or threads.
     */
    static final int MAX_QUEUED_PUSHES = 256;

    private final ExecutorService pool;

    public BlockPusher(PeerId self, EmbeddedBlockStore store, LinkReader links,
                       PeerRpc rpc) {
        this.self = self;
        this.store = store;
        this.links = links;
        this.rpc = rpc;
        AtomicInteger n = new AtomicInteger();
        // at most MAX_PARALLEL_PUSHES threads, which end when idle: a cached pool grew a thread per target and add
        java.util.concurrent.ThreadPoolExecutor bounded = new java.util.concurrent.ThreadPoolExecutor(
                MAX_PARALLEL_PUSHES, MAX_PARALLEL_PUSHES, 30, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(MAX_QUEUED_PUSHES), r -> {
                    Thread t = new Thread(r, "block-push-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        bounded.allowCoreThreadTimeOut(true);
        this.pool = bounded;
    }

    /**
     * Pushes the DAG under {@code root} to every peer of {@code targets} but this one; returns, per peer, the blocks
     * it accepted (a peer that failed part-way has fewer than the DAG).
     */
    public Map<PeerId, Integer> push(Cid root, List<PeerId> targets) {
        return push(root, targets, ConcurrentHashMap.newKeySet());
    }

    /** As {@link #push(Cid, List)}; returns the targets the whole DAG did not reach (failed, or skipped when busy). */
    public List<PeerId> undelivered(Cid root, List<PeerId> targets) {
        java.util.Set<PeerId> missed = ConcurrentHashMap.newKeySet();
        push(root, targets, missed);
        return List.copyOf(missed);
    }

    private Map<PeerId, Integer> push(Cid root, List<PeerId> targets, java.util.Set<PeerId> missed) {
        Map<PeerId, Integer> sent = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (PeerId target : targets) {
            if (!target.equals(self)) {
                try {
                    all.add(CompletableFuture.runAsync(() -> sent.put(target, pushTo(root, target, missed)), pool));
                } catch (java.util.concurrent.RejectedExecutionException busy) {
                    LOG.info("not pushing {} to {}: {} pushes are waiting already (its tracker fetches it)", root,
                            target, MAX_QUEUED_PUSHES);
                    sent.put(target, 0);
                    missed.add(target);
                }
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return Map.copyOf(sent);
    }

    private int pushTo(Cid root, PeerId target, java.util.Set<PeerId> missed) {
        int[] count = {0};
        // Each block goes once the walk has found the next one, so the last goes with the wake-up.
        HeldBlock held = new HeldBlock();
        try {
            new DagWalker(this::read, links).walk(root, new DagWalker.Visitor() {
                @Override
                public void block(Cid cid, byte[] block) {
                    if (cid.multihash().code() != Multihash.IDENTITY) {
                        if (held.cid != null) {
                            rpc.putBlock(target, held.cid, held.data);
                            count[0]++;
                        }
                        held.cid = cid;
                        held.data = block;
                    }
                }

                @Override
                public void missing(Cid cid) {
                    throw new IllegalStateException("block " + cid + " of the added DAG is not held here");
                }
            });
        } catch (ClusterException | IOException | IllegalStateException e) {
            // No wake-up call after a failed push: to a peer that did not answer it would wait out a second call
            // timeout and hold the /add past its client's patience. The target learns of this peer's copy from the
            // leader (holder confirmations) and fetches the rest itself.
            LOG.warn("pushing {} to {} stopped after {} blocks: {} (its tracker fetches the rest)", root, target,
                    count[0], e.getMessage());
            missed.add(target);
            return count[0];
        }
        if (held.cid == null) {
            wake(root, target); // nothing to store there (an inline DAG): only the wake-up
            return count[0];
        }
        boolean woken;
        try {
            woken = rpc.putLastBlock(target, held.cid, held.data, root);
            count[0]++;
        } catch (ClusterException e) {
            LOG.warn("pushing {} to {} stopped after {} blocks: {} (its tracker fetches the rest)", root, target,
                    count[0], e.getMessage());
            missed.add(target);
            return count[0];
        }
        if (!woken) {
            wake(root, target); // a peer of an older build
        }
        return count[0];
    }

    /** The block the walk found last and has not sent yet. */
    private static final class HeldBlock {
        Cid cid;
        byte[] data;
    }

    private void wake(Cid root, PeerId target) {
        try {
            rpc.recover(target, root);
        } catch (RuntimeException e) {
            LOG.debug("telling {} that {} was pushed failed: {} (its re-check finds it)", target, root,
                    e.getMessage());
        }
    }

    private byte[] read(Cid cid) throws IOException {
        try {
            return store.get(cid);
        } catch (io.pincluster.core.block.BlockNotFoundException e) {
            return null;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
