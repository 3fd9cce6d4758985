package io.pincluster.connector.blockstore;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.testing.BlockUniverse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * The victim of {@link BlockStoreCrashTest}: writes DAGs and pins into a store until it is killed, printing
 * {@code B <cid> ok} after each put and {@code P <cid> <mode> ok} after each pin returns, i.e. once the write
 * is acknowledged. Every few rounds it runs a GC, announced by {@code G start}, so kills also land mid-GC.
 */
public final class BlockStoreWriterMain {
    private BlockStoreWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Random r = new Random(Long.parseLong(args[1]));
        PrintStream out = System.out;
        try (EmbeddedBlockStore store = EmbeddedBlockStore.open(BlockStoreConfig.defaults(dir),
                new DagPbLinkReader())) {
            out.println("READY");
            out.flush();
            for (long round = 1; ; round++) {
                if (round % 4 == 0) {
                    // Unpinned blocks acknowledged before this line may be collected.
                    out.println("G start");
                    out.flush();
                    store.collectGarbage();
                }
                BlockUniverse u = BlockUniverse.random(r, 3, 3, 64 * 1024);
                for (Cid cid : u.blocks()) {
                    store.put(cid, u.data(cid));
                    out.println("B " + cid + " ok");
                    out.flush();
                }
                Cid root = u.innerNodes().get(u.innerNodes().size() - 1);
                store.pin(root, PinMode.RECURSIVE);
                out.println("P " + root + " RECURSIVE ok");
                Cid leaf = u.blocks().get(0);
                store.pin(leaf, PinMode.DIRECT);
                out.println("P " + leaf + " DIRECT ok");
                out.flush();
            }
        }
    }
}
