package io.pincluster.connector.embedded;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockTooLargeException;
import io.pincluster.core.block.HashMismatchException;
import io.pincluster.core.block.IncompleteDagException;
import io.pincluster.core.block.StorageFullException;
import io.pincluster.core.block.StoreStats;
import io.pincluster.core.block.WriteSession;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.MissingBlocksException;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.concurrent.Futures;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.car.CarFormatException;
import io.pincluster.ipld.car.CarImporter;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * The embedded block store seen as a node connector. It has no libp2p node of its own, so {@link #id()} reports
 * the cluster peer's ID with no addresses.
 */
public final class EmbeddedConnector implements NodeConnector {
    private final EmbeddedBlockStore store;
    private final PeerInfo.IpfsInfo info;

    public EmbeddedConnector(EmbeddedBlockStore store, PeerId self) {
        this.store = store;
        this.info = new PeerInfo.IpfsInfo(self.value(), List.of(), "");
    }

    /**
     * Opens (or creates) the store described by {@code config}, reading dag-pb links to walk DAGs.
     *
     * @throws IOException the store is in use by another process or cannot be opened
     */
    public static EmbeddedConnector open(BlockStoreConfig config, PeerId self) throws IOException {
        return new EmbeddedConnector(EmbeddedBlockStore.open(config, new DagPbLinkReader(config.maxBlockSize())),
                self);
    }

    /**
     * As {@link #open}, the store's pins read later ({@link EmbeddedBlockStore#openReadingPinsLater}): a peer reads
     * them once its pinset is loaded.
     */
    public static EmbeddedConnector openReadingPinsLater(BlockStoreConfig config, PeerId self) throws IOException {
        return new EmbeddedConnector(EmbeddedBlockStore.openReadingPinsLater(config,
                new DagPbLinkReader(config.maxBlockSize())), self);
    }

    @Override
    public void pin(Cid cid, PinMode mode) {
        await(cid, pinAsync(cid, mode));
    }

    @Override
    public CompletableFuture<Void> pinAsync(Cid cid, PinMode mode) {
        try {
            return store.pinAsync(cid, mode).exceptionallyCompose(e -> {
                Throwable cause = Futures.unwrap(e);
                return CompletableFuture.failedFuture(
                        failure("pin " + cid, cause instanceof IOException io ? io : new IOException(cause)));
            });
        } catch (IncompleteDagException e) {
            throw new MissingBlocksException(cid, missingOr(cid, e.firstMissing()));
        } catch (BlockNotFoundException e) {
            throw new MissingBlocksException(cid, List.of(e.cid()));
        } catch (IOException e) {
            throw failure("pin " + cid, e);
        }
    }

    private static void await(Cid cid, CompletableFuture<Void> recorded) {
        try {
            recorded.join();
        } catch (CompletionException e) {
            Throwable cause = Futures.unwrap(e);
            throw cause instanceof ClusterException ce ? ce
                    : new ClusterException(ErrorCode.INTERNAL, "pin " + cid + ": " + cause, cause);
        }
    }

    // The store stops at the first gap; the full list helps whoever later fetches the blocks.
    private List<Cid> missingOr(Cid root, Cid first) {
        try {
            List<Cid> all = store.missingBlocks(root);
            return all.isEmpty() ? List.of(first) : all;
        } catch (IOException e) {
            return List.of(first);
        }
    }

    @Override
    public void unpin(Cid cid) {
        try {
            store.unpin(cid);
        } catch (IOException e) {
            throw failure("unpin " + cid, e);
        }
    }

    @Override
    public PinState status(Cid cid) {
        return store.pinMode(cid).map(m -> m == PinMode.RECURSIVE
                ? PinState.RECURSIVE : PinState.DIRECT).orElse(PinState.UNPINNED);
    }

    @Override
    public Stream<Cid> pins() {
        return store.pinnedRoots();
    }

    /** Counted by the store as it goes: no copy of a million-pin map every metrics tick. */
    @Override
    public OptionalLong pinCount() {
        return store.pinsRead() ? OptionalLong.of(store.pinCount()) : OptionalLong.empty();
    }

    @Override
    public RepoStat repoStat() {
        StoreStats s = store.stats();
        return new RepoStat(s.repoSize(), s.storageMax(), s.blockCount());
    }

    @Override
    public java.util.Optional<String> writeProblem() {
        return store.writeProblem();
    }

    @Override
    public ImportSession openImport() {
        WriteSession session = store.writeSession();
        return new ImportSession() {
            @Override
            public void put(Cid cid, byte[] block) {
                try {
                    session.put(cid, block);
                } catch (IOException e) {
                    throw failure("store block " + cid, e);
                }
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    @Override
    public List<Cid> importCar(InputStream car) {
        try {
            return new CarImporter(store, store).importCar(car, false).roots();
        } catch (CarFormatException e) {
            throw new ClusterException(ErrorCode.BAD_REQUEST, "invalid CAR: " + e.getMessage(), e);
        } catch (IOException e) {
            throw failure("import CAR", e);
        }
    }

    @Override
    public byte[] block(Cid cid) {
        try {
            return store.get(cid);
        } catch (BlockNotFoundException e) {
            throw new ClusterException(ErrorCode.NOT_FOUND, "block " + cid + " is not in the local store", e);
        } catch (IOException e) {
            throw failure("read block " + cid, e);
        }
    }

    /** A miss is answered from the store's in-memory index: no exception, no CID formatted for a message. */
    @Override
    public Optional<byte[]> findBlock(Cid cid) {
        if (!store.has(cid)) {
            return Optional.empty();
        }
        try {
            return Optional.of(store.get(cid));
        } catch (BlockNotFoundException e) {
            return Optional.empty(); // removed since (GC)
        } catch (IOException e) {
            throw failure("read block " + cid, e);
        }
    }

    @Override
    public PeerInfo.IpfsInfo id() {
        return info;
    }

    /** The underlying store, for components that need more than the connector role (GC, CAR export). */
    public EmbeddedBlockStore store() {
        return store;
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (IOException e) {
            throw failure("close the block store", e);
        }
    }

    private static ClusterException failure(String what, IOException e) {
        ErrorCode code;
        if (e instanceof StorageFullException) {
            code = ErrorCode.INSUFFICIENT_STORAGE;
        } else if (e instanceof BlockTooLargeException || e instanceof HashMismatchException) {
            code = ErrorCode.BAD_REQUEST;
        } else {
            code = ErrorCode.INTERNAL;
        }
        return new ClusterException(code, "cannot " + what + ": " + e.getMessage(), e);
    }
}
