package io.pincluster.connector.blockstore;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.dag.DagWalker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Mark and sweep: marks every block reachable from a pinned root (the whole DAG for recursive pins, the root
 * alone for direct ones), then deletes every other stored block unless a concurrent put or pin protected it.
 */
final class GarbageCollector {
    private final BlockFiles files;
    private final Supplier<PinRecords> pins;
    private final LockStripes stripes;
    private final GcGuard guard;
    private final DagWalker walker;
    private final LongConsumer bytesFreed;

    GarbageCollector(BlockFiles files, Supplier<PinRecords> pins, LockStripes stripes, GcGuard guard, DagWalker walker,
            LongConsumer bytesFreed) {
        this.files = files;
        this.pins = pins;
        this.stripes = stripes;
        this.guard = guard;
        this.walker = walker;
        this.bytesFreed = bytesFreed;
    }

    /**
     * Collects; {@code alsoKeep} names further roots whose whole DAGs stay (what the caller knows will be pinned
     * here but is not yet). It is read after the GC began, so a root that appears later was put through a write
     * session that was open when the GC began, and the guard keeps its blocks.
     */
    GcResult collect(Supplier<Stream<Cid>> alsoKeep) throws IOException {
        Map<Cid, PinMode> pinned = guard.begin(() -> pins.get().snapshot());
        try {
            Map<Cid, PinMode> roots = new HashMap<>(pinned);
            try (Stream<Cid> extra = alsoKeep.get()) {
                extra.forEach(cid -> roots.putIfAbsent(cid, PinMode.RECURSIVE));
            }
            Set<Multihash> live = mark(roots);
            return sweep(live);
        } finally {
            guard.end();
        }
    }

    private Set<Multihash> mark(Map<Cid, PinMode> roots) throws IOException {
        Set<Multihash> live = new HashSet<>();
        DagWalker.Visitor marker = new DagWalker.Visitor() {
            @Override
            public void block(Cid cid, byte[] block) {
                live.add(cid.multihash());
            }

            @Override
            public void missing(Cid cid) {
                // An incomplete pinned DAG keeps what it still has; missingBlocks reports the rest.
            }
        };
        for (Map.Entry<Cid, PinMode> pin : roots.entrySet()) {
            switch (pin.getValue()) {
                case DIRECT -> live.add(pin.getKey().multihash());
                case RECURSIVE -> walker.walk(pin.getKey(), marker, cid -> files.contains(cid.multihash()));
            }
        }
        return live;
    }

    private GcResult sweep(Set<Multihash> live) throws IOException {
        List<Multihash> removed = new ArrayList<>();
        long freed = 0;
        for (Multihash mh : files.keySnapshot()) {
            if (live.contains(mh)) {
                continue;
            }
            ReentrantLock lock = stripes.forKey(mh);
            lock.lock();
            try {
                if (guard.isProtected(mh)) {
                    continue;
                }
                long size = files.remove(mh);
                if (size >= 0) {
                    removed.add(mh);
                    freed += size;
                    bytesFreed.accept(size);
                }
            } finally {
                lock.unlock();
            }
        }
        return new GcResult(removed, freed);
    }
}
