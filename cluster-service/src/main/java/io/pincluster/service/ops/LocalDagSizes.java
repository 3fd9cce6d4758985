package io.pincluster.service.ops;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DAG sizes read from this peer's block store: a raw block is its own length; a dag-pb root is its length
 * plus the {@code Tsize} of its links, which UnixFS importers set to each subtree's cumulative size (Kubo's
 * {@code CumulativeSize}). One block read per pin, no DAG walk. Unknown when the root is not stored here
 * (the pin was added on another peer), when a link carries no {@code Tsize}, or for other codecs.
 *
 * <p>On the leader this knows the size of everything {@code /add}ed through the leader, and of content
 * already pinned there (a repin). Results, unknown ones excepted, are kept for about {@value #CACHED} CIDs
 * (the ones most used lately; ~100 bytes each). Thread-safe.
 */
public final class LocalDagSizes implements DagSizes, AutoCloseable {
    static final int CACHED = 100_000; // a repair re-places tens of thousands of pins; ~10 MB at most
    /**
     * Roots read at once by {@link #prefetch}. A repair's batch of 5,000 re-allocations read its roots one by one on
     * the deciding thread, each read waiting for a disk busy with the new copies' writes: ~40% of the decision time
     * (100,000-pin repair benchmark, session 16). Reads side by side overlap those waits.
     */
    static final int PREFETCH_THREADS = 8;
    private static final int PREFETCH_MIN = 64;

    private final NodeConnector connector;
    private final Cache<Cid, Long> known = Caffeine.newBuilder().maximumSize(CACHED).build();
    /** Idle threads end after a few seconds, so a peer that is not deciding a large batch holds none. */
    private final ThreadPoolExecutor readers = readers();

    public LocalDagSizes(NodeConnector connector) {
        this.connector = connector;
    }

    @Override
    public long sizeOf(Cid cid) {
        Long cached = known.getIfPresent(cid);
        if (cached != null) {
            return cached;
        }
        long size = read(cid); // unknown sizes are not kept: the root may be stored here later
        if (size != UNKNOWN) {
            known.put(cid, size);
        }
        return size;
    }

    /**
     * Reads the roots of {@code cids} not known yet, {@value #PREFETCH_THREADS} at a time, and returns once all are
     * read (a few dozen CIDs are left to {@link #sizeOf}: the hand-over would cost more than the reads).
     */
    @Override
    public void prefetch(List<Cid> cids) {
        if (cids.size() < PREFETCH_MIN) {
            return;
        }
        int slice = (cids.size() + PREFETCH_THREADS - 1) / PREFETCH_THREADS;
        List<CompletableFuture<Void>> reads = new ArrayList<>(PREFETCH_THREADS);
        try {
            for (int from = 0; from < cids.size(); from += slice) {
                List<Cid> part = cids.subList(from, Math.min(cids.size(), from + slice));
                reads.add(CompletableFuture.runAsync(() -> part.forEach(this::sizeOf), readers));
            }
        } catch (RejectedExecutionException e) {
            // closed (the peer is stopping): the decisions read what was not prefetched themselves
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
    }

    /** Stops the prefetch readers; {@link #sizeOf} still answers (from the cache, or one read on the caller). */
    @Override
    public void close() {
        readers.shutdownNow();
    }

    private static ThreadPoolExecutor readers() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(PREFETCH_THREADS, PREFETCH_THREADS, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "dag-size-reader-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private long read(Cid cid) {
        if (cid.codec() != Codec.RAW && cid.codec() != Codec.DAG_PB) {
            return UNKNOWN;
        }
        byte[] block;
        try {
            // Most roots a leader is asked about during a repair are not stored here: a miss must cost no exception.
            block = connector.findBlock(cid).orElse(null);
        } catch (RuntimeException e) {
            return UNKNOWN; // the store is unreachable: allocate by free space alone
        }
        if (block == null) {
            return UNKNOWN; // not stored here
        }
        if (cid.codec() == Codec.RAW) {
            return block.length;
        }
        try {
            PbNode node = DagPbCodec.decode(block);
            long total = block.length;
            for (PbLink link : node.links()) {
                if (link.tsize() == null) {
                    return UNKNOWN;
                }
                total = Math.addExact(total, link.tsize());
            }
            return total;
        } catch (RuntimeException e) {
            return UNKNOWN; // a malformed root or absurd sizes: no reason to refuse the pin here
        }
    }
}
