package io.pincluster.cold.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The archiver in a process of its own, for the crash test: starts {@code put} of a spooled file and, once part
 * {@code stallAfterPart} is stored and journaled, stops making progress (as on a stalled link) until the test
 * kills the process. Prints one line per event on stdout.
 *
 * <p>Arguments: endpoint, bucket, key, spool file, stall-after-part.
 */
public final class InterruptedUploadMain {
    private InterruptedUploadMain() {
    }

    public static void main(String[] args) throws Exception {
        S3StoreConfig config = S3MockServer.config(URI.create(args[0]), args[1]);
        String key = args[2];
        Path spool = Path.of(args[3]);
        int stallAfterPart = Integer.parseInt(args[4]);
        CountDownLatch killed = new CountDownLatch(1);
        try (ArchiveObjectStore store = ArchiveObjectStore.open(config)) {
            store.put(key, spool, (k, part, parts) -> {
                System.out.println("stored part " + part + "/" + parts);
                if (part >= stallAfterPart) {
                    System.out.println("stalled");
                    System.out.flush();
                    awaitUninterruptibly(killed);
                }
            });
        }
        System.out.println("completed");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // Only the kill ends the stall.
            }
        }
    }
}
