package io.pincluster.core.component;

import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.PinMode;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Drives this peer's block store: the embedded Java store, or a Kubo daemon over its RPC API. The pin tracker
 * calls it to make local pins follow the pinset; the add path imports through it; the gateway and the path
 * resolver read blocks through it. Implementations are thread-safe; calls may block on disk or network I/O.
 * Failures are {@link io.pincluster.core.error.ClusterException}s.
 */
public interface NodeConnector extends AutoCloseable {

    /**
     * Pins {@code cid} locally. A recursive pin needs every block of the DAG to be present.
     *
     * @throws MissingBlocksException a block of the DAG is not in the store (fetching from peers comes later)
     */
    void pin(Cid cid, PinMode mode);

    /**
     * Pins {@code cid} locally, without waiting for the pin to be durable: the checks of {@link #pin} run (and
     * throw) before this returns, the future completes once the pin is recorded. A store that records pins in
     * batches lets callers that do not wait share one disk flush; the default just calls {@link #pin}.
     */
    default CompletableFuture<Void> pinAsync(Cid cid, PinMode mode) {
        pin(cid, mode);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Before a pin whose {@code origins} name IPFS nodes outside the cluster: asks the store to connect to them, so
     * the fetch of the pin that follows can find the content there (ipfs-cluster's {@code PinOptions.Origins}, the
     * Pinning Service API's {@code origins}; decision 0025). Best effort: an origin that is malformed or cannot be
     * reached is skipped, never an error. The default does nothing: the embedded store has no libp2p host and cannot
     * dial IPFS nodes (it fetches from cluster peers only).
     *
     * @param origins multiaddrs ({@code /ip4/…/tcp/…/p2p/<id>}), already without the cluster's own peers
     * @return how many were connected
     */
    default int connectOrigins(List<String> origins) {
        return 0;
    }

    /** Removes the local pin of {@code cid}; unpinning a CID that is not pinned does nothing. */
    void unpin(Cid cid);

    /** How {@code cid} is pinned locally. */
    PinState status(Cid cid);

    /** Every local pin root; the caller closes the stream. */
    Stream<Cid> pins();

    /**
     * How many local pin roots there are (the {@code numpin} metric, every few seconds), or empty while that cannot
     * be told without waiting (the embedded store reading its pins after a start).
     */
    default OptionalLong pinCount() {
        try (Stream<Cid> pins = pins()) {
            return OptionalLong.of(pins.count());
        }
    }

    RepoStat repoStat();

    /**
     * Why the store cannot take writes now (its size limit is reached, its disk is full or read-only), or empty when
     * it can or cannot tell (a remote daemon). Readiness checks report it.
     */
    default java.util.Optional<String> writeProblem() {
        return java.util.Optional.empty();
    }

    /**
     * A sink for an import: blocks put through it are safe from garbage collection until the session is closed,
     * so an importer can write a DAG and get it pinned before a GC could take it.
     */
    ImportSession openImport();

    /**
     * Imports a CAR v1 stream (not closed) into the store without pinning anything.
     *
     * @return the CAR's roots
     * @throws io.pincluster.core.error.ClusterException {@code BAD_REQUEST} for a malformed CAR
     */
    List<Cid> importCar(InputStream car);

    /**
     * The bytes of a stored block.
     *
     * @throws io.pincluster.core.error.ClusterException {@code NOT_FOUND} when the block is not stored
     */
    byte[] block(Cid cid);

    /**
     * The bytes of a stored block, or empty when it is not stored: for callers to whom a miss is an ordinary answer
     * (the leader sizing a pin it does not hold), without the cost of a failure. A store with an index of what it
     * holds answers a miss from memory.
     */
    default Optional<byte[]> findBlock(Cid cid) {
        try {
            return Optional.of(block(cid));
        } catch (ClusterException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The block store's identity, as ipfs-cluster's {@code ipfs} object of {@code /id}. */
    PeerInfo.IpfsInfo id();

    @Override
    void close();

    /** How a CID is pinned in the local store. */
    enum PinState {
        RECURSIVE, DIRECT, UNPINNED;

        public boolean isPinned() {
            return this != UNPINNED;
        }

        /** True when this local pin satisfies a cluster pin of {@code mode}. */
        public boolean satisfies(PinMode mode) {
            return this == RECURSIVE || (this == DIRECT && mode == PinMode.DIRECT);
        }
    }

    /**
     * Kubo's {@code repo/stat}: bytes used by blocks, the configured maximum, and the number of blocks.
     */
    record RepoStat(long repoSize, long storageMax, long numObjects) {
    }

    /** An open import: a {@link BlockSink} whose blocks are protected until {@link #close()}. */
    interface ImportSession extends BlockSink, AutoCloseable {
        /**
         * Stores a block.
         *
         * @throws io.pincluster.core.error.ClusterException the store refused it: {@code INSUFFICIENT_STORAGE}
         *     when full, {@code BAD_REQUEST} when too large
         */
        @Override
        void put(Cid cid, byte[] block);

        @Override
        void close();
    }
}
