package io.pincluster.connector.blockstore;

import io.pincluster.core.block.BlockStoreException;
import io.pincluster.core.cid.Cid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a store's pin journal ({@link PinRecords}) once, and hands the records out once read. A peer opens its store
 * before its pinset and serves its APIs before its store's pins are read: at 10 million pins the journal takes
 * 3-4 s to read, which a restart no longer waits for, and read after the pinset it takes the pinset's CID objects
 * instead of the other way round. Whoever needs the records first waits for them; if nobody started the read by
 * then, it is read on that caller's thread, so a caller never waits for a read nobody will start.
 */
final class PinRecordsLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PinRecordsLoader.class);

    private final Path dir;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<PinRecords> loaded = new CompletableFuture<>();

    private PinRecordsLoader(Path dir) {
        this.dir = dir;
    }

    /** A loader that reads nothing until {@link #start} or the first {@link #get}. */
    static PinRecordsLoader later(Path dir) {
        return new PinRecordsLoader(dir);
    }

    /** The records read at once, on this thread. */
    static PinRecordsLoader now(Path dir) throws IOException {
        PinRecordsLoader loader = new PinRecordsLoader(dir);
        loader.started.set(true);
        loader.read(UnaryOperator.identity());
        try {
            loader.loaded.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        return loader;
    }

    /**
     * Starts the read on a thread of its own, each pinned CID replaced by {@code canonical}'s answer (see
     * {@link PinRecords#open(Path, PinRecords.ChannelOpener, java.time.Duration, UnaryOperator)}); nothing when it was
     * started before. The future completes once the records are read, exceptionally when they cannot be.
     */
    CompletableFuture<Void> start(UnaryOperator<Cid> canonical) {
        if (started.compareAndSet(false, true)) {
            Thread reader = new Thread(() -> read(canonical), "pin-records-read");
            reader.setDaemon(true);
            reader.start();
            loaded.whenComplete((records, e) -> {
                if (e != null) {
                    LOG.error("pin journal {} cannot be read", dir, e);
                }
            });
        }
        return loaded.thenApply(records -> null);
    }

    /**
     * The records, waiting until they are read (reading them here when nobody started to).
     *
     * @throws UncheckedIOException carrying a {@link BlockStoreException}: the journal cannot be read
     */
    PinRecords get() {
        // every pin operation asks: once read, a volatile read, not a compare-and-set on a shared line
        if (!loaded.isDone() && started.compareAndSet(false, true)) {
            LOG.info("pin journal {}: read on first use", dir);
            read(UnaryOperator.identity());
        }
        try {
            return loaded.join();
        } catch (CompletionException e) {
            throw new UncheckedIOException(unreadable(e.getCause()));
        }
    }

    /** The records when read, else null: never waits. */
    PinRecords ifRead() {
        return loaded.isDone() && !loaded.isCompletedExceptionally() ? loaded.join() : null;
    }

    /** True once the records are read. */
    boolean isRead() {
        return ifRead() != null;
    }

    /** Why the records cannot be read, when reading them failed; never waits. */
    Optional<String> failure() {
        if (!loaded.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            loaded.join();
            return Optional.empty();
        } catch (CompletionException e) {
            return Optional.of(unreadable(e.getCause()).getMessage());
        }
    }

    private BlockStoreException unreadable(Throwable cause) {
        return new BlockStoreException("the pin journal in " + dir + " cannot be read: " + cause.getMessage(), cause);
    }

    private void read(UnaryOperator<Cid> canonical) {
        long start = System.nanoTime();
        try {
            PinRecords records = PinRecords.open(dir, PinRecords.ChannelOpener.FILES, PinRecords.DEFAULT_QUIET,
                    canonical);
            LOG.info("pin journal {}: {} pins read in {} ms", dir, records.size(),
                    (System.nanoTime() - start) / 1_000_000);
            loaded.complete(records);
        } catch (IOException | RuntimeException e) {
            loaded.completeExceptionally(e);
        }
    }

    /** Closes the records; a read under way is waited for first (a few seconds at most, then closed). */
    @Override
    public void close() throws IOException {
        if (started.compareAndSet(false, true)) {
            loaded.completeExceptionally(new IOException("the block store is closed"));
            return;
        }
        PinRecords records;
        try {
            records = loaded.join();
        } catch (CompletionException e) {
            return; // nothing was opened
        }
        records.close();
    }
}
