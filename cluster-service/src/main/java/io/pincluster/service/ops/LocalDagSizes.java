package io.pincluster.service.ops;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DAG sizes read from this peer's block store: a raw block is its own length; a dag-pb root is its length
 * plus the {@code Tsize} of its links, which UnixFS importers set to each subtree's cumulative size (Kubo's
 * {@code CumulativeSize}). One block read per pin, no DAG walk. Unknown when the root is not stored here
 * (the pin was added on another peer), when a link carries no {@code Tsize}, or for other codecs.
 *
 * <p>On the leader this knows the size of everything {@code /add}ed through the leader, and of content
 * already pinned there (a repin). Results, unknown ones excepted, are kept for about {@value #CACHED} CIDs
 * (the ones most used lately; ~100 bytes each). A batch's roots are read ahead of its decisions, for a bounded time
 * ({@link #prefetch}). Thread-safe.
 */
public final class LocalDagSizes implements DagSizes, AutoCloseable {
    static final int CACHED = 100_000; // a repair re-places tens of thousands of pins; ~10 MB at most
    /**
     * Roots read at once by {@link #prefetch}. A repair's batch of 5,000 re-allocations read its roots one by one on
     * the deciding thread, each read waiting for a disk busy with the new copies' writes: ~40% of the decision time
     * (100,000-pin repair benchmark, session 16). Reads side by side overlap those waits.
     */
    static final int PREFETCH_THREADS = 8;
    /**
     * How long a batch waits for its roots at most. A size is a placement hint (unknown sizes place by free space
     * alone, as ipfs-cluster always does, and count as the assumed size); a repair's commit is not. On a machine
     * busy with the new copies, reading 5,000 roots made each batch's decisions take 1.1-1.9 s, ~85% of it waiting
     * for the reads (session 17).
     */
    static final Duration PREFETCH_WAIT = Duration.ofMillis(300);
    /** How long a root the prefetch gave up on answers unknown without a read. */
    private static final Duration UNREAD_FOR = Duration.ofSeconds(10);
    private static final int PREFETCH_MIN = 64;

    private final NodeConnector connector;
    private final Duration prefetchWait;
    private final Cache<Cid, Long> known = Caffeine.newBuilder().maximumSize(CACHED).build();
    /** Roots of a prefetched batch not read (yet): their decisions do not read them again. */
    private final Cache<Cid, Boolean> unread = Caffeine.newBuilder().maximumSize(CACHED)
            .expireAfterWrite(UNREAD_FOR).build();
    /** Idle threads end after a few seconds, so a peer that is not deciding a large batch holds none. */
    private final ThreadPoolExecutor readers = readers();

    public LocalDagSizes(NodeConnector connector) {
        this(connector, PREFETCH_WAIT);
    }

    LocalDagSizes(NodeConnector connector, Duration prefetchWait) {
        this.connector = connector;
        this.prefetchWait = prefetchWait;
    }

    @Override
    public long sizeOf(Cid cid) {
        Long cached = known.getIfPresent(cid);
        if (cached != null) {
            return cached;
        }
        if (unread.getIfPresent(cid) != null) {
            return UNKNOWN; // its batch's prefetch ran out of time: the decision goes on without it
        }
        return readAndKeep(cid);
    }

    private long readAndKeep(Cid cid) {
        long size = read(cid); // unknown sizes are not kept: the root may be stored here later
        if (size != UNKNOWN) {
            known.put(cid, size);
        }
        return size;
    }

    /**
     * Reads the roots of {@code cids} not known yet, {@value #PREFETCH_THREADS} at a time, for {@link #PREFETCH_WAIT}
     * at most; the roots not read by then answer unknown for a while, and the readers stop. A few dozen CIDs are left
     * to {@link #sizeOf}: the hand-over would cost more than the reads.
     */
    @Override
    public void prefetch(List<Cid> cids) {
        if (cids.size() < PREFETCH_MIN) {
            return;
        }
        long deadline = System.nanoTime() + prefetchWait.toNanos();
        List<Cid> toRead = new ArrayList<>(cids.size());
        for (Cid cid : cids) {
            if (known.getIfPresent(cid) == null) {
                toRead.add(cid);
                unread.put(cid, Boolean.TRUE);
            }
        }
        int slice = Math.max(1, (toRead.size() + PREFETCH_THREADS - 1) / PREFETCH_THREADS);
        List<CompletableFuture<Void>> reads = new ArrayList<>(PREFETCH_THREADS);
        try {
            for (int from = 0; from < toRead.size(); from += slice) {
                List<Cid> part = toRead.subList(from, Math.min(toRead.size(), from + slice));
                reads.add(CompletableFuture.runAsync(() -> readUntil(part, deadline), readers));
            }
        } catch (RejectedExecutionException e) {
            // closed (the peer is stopping): the decisions read what was not prefetched themselves
            unread.invalidateAll(toRead);
        }
        try {
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // what is not read by now stays unknown for this batch
        } catch (ExecutionException e) {
            // a reader failed (read itself never throws): its roots stay unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readUntil(List<Cid> part, long deadline) {
        for (Cid cid : part) {
            if (System.nanoTime() - deadline >= 0) {
                return;
            }
            readAndKeep(cid);
            unread.invalidate(cid);
        }
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
