package io.pincluster.service.exchange;

import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockSink;
import io.pincluster.core.block.LinkReader;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.tracker.PinProgress;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Makes a DAG complete in the local store by fetching the blocks it lacks from other peers. The walk starts at the
 * root and follows links; a block already on disk is read locally (raw leaves are only checked for), any other is
 * taken from the gateway's cache when it keeps it (a block the gateway fetched earlier is not fetched again, and
 * it is the one copy a pin can still get when its holders are gone), else requested from the candidate peers in
 * order ({@link PeerChoice}), its hash checked; either way it is written through the caller's sink (a write session, so a GC cannot take it before the pin is recorded). Up to {@code parallelism}
 * blocks of one fetch are in flight at once. An interrupted fetch resumes naturally: what reached the disk is not
 * fetched again.
 */
public final class BlockFetcher implements AutoCloseable {
    private static final long POLL_MILLIS = 50;

    private final EmbeddedBlockStore store;
    private final LinkReader links;
    private final PeerRpc rpc;
    private final GatewayBlockCache cached;
    private final int parallelism;
    private final ThreadPoolExecutor pool;

    /**
     * What one fetch did.
     *
     * @param blocksFetched   blocks requested from peers
     * @param blocksFromCache blocks taken from the gateway's cache instead
     * @param blocksPresent   blocks already in the local store
     */
    public record FetchStats(long blocksFetched, long bytesFetched, long blocksPresent, long blocksFromCache) {
    }

    /** Whether the gateway's cache holds {@code cid}'s block (a fetch would take it from there, not from a peer). */
    public boolean cachedByGateway(Cid cid) {
        return cached.holds(cid);
    }

    /** A fetcher for a peer whose gateway keeps no cache. */
    public BlockFetcher(EmbeddedBlockStore store, LinkReader links, PeerRpc rpc, int parallelism, int maxFetches) {
        this(store, links, rpc, GatewayBlockCache.none(), parallelism, maxFetches);
    }

    /**
     * @param cached      blocks the gateway fetched earlier, asked before any peer
     * @param parallelism blocks of one fetch requested at once
     * @param maxFetches  fetches expected to run at once (the tracker's concurrency); sizes the shared thread pool
     */
    public BlockFetcher(EmbeddedBlockStore store, LinkReader links, PeerRpc rpc, GatewayBlockCache cached,
                        int parallelism, int maxFetches) {
        this.store = store;
        this.links = links;
        this.rpc = rpc;
        this.cached = cached;
        this.parallelism = parallelism;
        int threads = parallelism * Math.max(1, maxFetches);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "block-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Fetches what is missing of the DAG under {@code root} (only the root block when {@code recursive} is false).
     *
     * @param candidates the peers to ask, in order; asked for only when a block is missing
     * @param sink       where fetched blocks are written (they are verified before)
     * @param progress   told of every block stored; the fetch stops when it is cancelled
     * @throws BlockUnavailableException a block no candidate peer provided
     * @throws io.pincluster.service.tracker.PinCancelledException the progress was cancelled
     */
    public FetchStats fetch(Cid root, boolean recursive, Supplier<List<PeerId>> candidates, BlockSink sink,
                            PinProgress progress) {
        Walk walk = new Walk(recursive, candidates, sink, progress);
        return walk.run(root);
    }

    /** Fetches one block from {@code candidates}, verified, without storing it. */
    public byte[] fetchOne(Cid cid, List<PeerId> candidates) {
        return new PeerChoice(candidates).fetch(rpc, cid);
    }

    /** One fetch's state; the coordinating thread owns the queue, block tasks only touch thread-safe parts. */
    private final class Walk {
        private final boolean recursive;
        private final Supplier<List<PeerId>> candidates;
        private final BlockSink sink;
        private final PinProgress progress;
        private volatile PeerChoice peers;
        private final AtomicInteger fetched = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        private final AtomicInteger present = new AtomicInteger();
        private final AtomicInteger fromCache = new AtomicInteger();

        Walk(boolean recursive, Supplier<List<PeerId>> candidates, BlockSink sink, PinProgress progress) {
            this.recursive = recursive;
            this.candidates = candidates;
            this.sink = sink;
            this.progress = progress;
        }

        FetchStats run(Cid root) {
            ExecutorCompletionService<List<Cid>> done = new ExecutorCompletionService<>(pool);
            Deque<Cid> waiting = new ArrayDeque<>();
            Set<Cid> seen = new HashSet<>();
            List<Future<List<Cid>>> inFlight = new ArrayList<>();
            waiting.push(root);
            seen.add(root);
            try {
                while (!waiting.isEmpty() || !inFlight.isEmpty()) {
                    progress.throwIfCancelled();
                    while (inFlight.size() < parallelism && !waiting.isEmpty()) {
                        Cid next = waiting.pop();
                        inFlight.add(done.submit(() -> visit(next)));
                    }
                    Future<List<Cid>> f = done.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (f == null) {
                        continue;
                    }
                    inFlight.remove(f);
                    List<Cid> children = result(f);
                    // Pushed in reverse so siblings are taken in link order: the walk stays depth-first.
                    for (int i = children.size() - 1; i >= 0; i--) {
                        if (seen.add(children.get(i))) {
                            waiting.push(children.get(i));
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException(ErrorCode.UNAVAILABLE, "fetching " + root + " was interrupted");
            } finally {
                inFlight.forEach(f -> f.cancel(false)); // not interrupting: a half-written block is never left
            }
            return new FetchStats(fetched.get(), bytes.get(), present.get(), fromCache.get());
        }

        private List<Cid> result(Future<List<Cid>> f) throws InterruptedException {
            try {
                return f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new ClusterException(ErrorCode.INTERNAL, "fetching a block failed: " + cause, cause);
            }
        }

        /** Makes {@code cid} present and returns its links (none when the walk is not recursive). */
        private List<Cid> visit(Cid cid) throws IOException {
            if (progress.isCancelled()) {
                return List.of();
            }
            byte[] data = null;
            if (cid.codec() == Codec.RAW) {
                if (store.hasOnDisk(cid)) {
                    present.incrementAndGet();
                    return List.of();
                }
            } else {
                data = readLocal(cid);
            }
            if (data != null) {
                present.incrementAndGet();
            } else {
                data = cached.peek(cid);
                if (data != null) {
                    fromCache.incrementAndGet();
                } else {
                    data = choice().fetch(rpc, cid);
                    fetched.incrementAndGet();
                    bytes.addAndGet(data.length);
                }
                sink.put(cid, data);
                progress.blockStored();
            }
            return recursive ? links.links(cid, data) : List.of();
        }

        private byte[] readLocal(Cid cid) throws IOException {
            try {
                return store.get(cid);
            } catch (BlockNotFoundException e) {
                return null; // also after a corrupt copy was quarantined: fetch a good one
            } catch (io.pincluster.core.block.CorruptBlockException e) {
                return null;
            }
        }

        // The candidate order costs RPCs (status questions), so it is worked out at the first missing block.
        private PeerChoice choice() {
            PeerChoice p = peers;
            if (p == null) {
                synchronized (this) {
                    if (peers == null) {
                        peers = new PeerChoice(candidates.get());
                    }
                    p = peers;
                }
            }
            return p;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
