package io.pincluster.ipld.car;

import io.pincluster.core.block.BlockStore;
import io.pincluster.core.block.IncompleteDagException;
import io.pincluster.core.block.LocalPins;
import io.pincluster.core.block.WriteSession;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinMode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports a CAR v1 stream into a block store. Blocks are verified and stored as they arrive; the roots are
 * pinned only after the last section was read and every root's DAG is complete (the blocks are written through a
 * {@link WriteSession}, so a concurrent GC cannot take them before the pin), so a malformed or truncated
 * CAR leaves no pin behind (its stored blocks are unpinned and go at the next GC).
 */
public final class CarImporter {
    /** A section is a CID (well under 1 KiB) plus a block. */
    public static final int DEFAULT_MAX_SECTION_SIZE = BlockStore.DEFAULT_MAX_BLOCK_SIZE + 1024;

    private final BlockStore store;
    private final LocalPins pins;
    private final int maxSectionSize;

    public CarImporter(BlockStore store, LocalPins pins) {
        this(store, pins, DEFAULT_MAX_SECTION_SIZE);
    }

    public CarImporter(BlockStore store, LocalPins pins, int maxSectionSize) {
        this.store = store;
        this.pins = pins;
        this.maxSectionSize = maxSectionSize;
    }

    /**
     * Reads the whole CAR from {@code in} (not closed) into the store.
     *
     * @param pinRoots pin every root recursively once all blocks are in
     * @throws CarFormatException     the CAR is malformed; nothing was pinned
     * @throws IncompleteDagException a root's DAG is not complete in the store after the import; nothing was
     *                                pinned
     * @throws IOException            the store refused a block (too large, storage full) or failed
     */
    public CarImportResult importCar(InputStream in, boolean pinRoots) throws IOException {
        CarReader reader = CarReader.open(in, maxSectionSize);
        long count = 0;
        long bytes = 0;
        try (WriteSession session = store.writeSession()) {
            for (CarSection s = reader.next(); s != null; s = reader.next()) {
                session.put(s.cid(), s.data());
                count++;
                bytes += s.data().length;
            }
            if (pinRoots) {
                pinAll(reader.roots());
            }
        }
        return new CarImportResult(reader.roots(), count, bytes);
    }

    /** Pins all roots or none: a failure part-way removes the pins this call added. */
    private void pinAll(List<Cid> roots) throws IOException {
        for (Cid root : roots) {
            List<Cid> missing = pins.missingBlocks(root);
            if (!missing.isEmpty()) {
                throw new IncompleteDagException(root, missing.get(0));
            }
        }
        List<Cid> added = new ArrayList<>();
        try {
            for (Cid root : roots) {
                boolean wasRecursive = pins.pinMode(root).orElse(null) == PinMode.RECURSIVE;
                pins.pin(root, PinMode.RECURSIVE);
                if (!wasRecursive) {
                    added.add(root);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Cid root : added) {
                pins.unpin(root);
            }
            throw e;
        }
    }
}
