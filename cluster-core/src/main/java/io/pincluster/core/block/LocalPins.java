package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinMode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pins a block store keeps locally. A recursive pin keeps a whole DAG and is only recorded when every block
 * of it is present; a direct pin keeps its root block only. Pins are durable once the call returns.
 *
 * <p>Implementations are thread-safe.
 */
public interface LocalPins {

    /**
     * Pins {@code cid}. Pinning a recursively pinned CID directly leaves it recursive.
     *
     * @throws IncompleteDagException a block of the DAG (recursive) is missing; nothing was recorded
     * @throws BlockNotFoundException the root (direct) is missing; nothing was recorded
     */
    void pin(Cid cid, PinMode mode) throws IOException;

    /** Removes the pin on {@code cid}; returns false when there was none. The blocks stay until a GC. */
    boolean unpin(Cid cid) throws IOException;

    Optional<PinMode> pinMode(Cid cid);

    default boolean isPinned(Cid cid) {
        return pinMode(cid).isPresent();
    }

    /** A snapshot of all pins. */
    Map<Cid, PinMode> listPins();

    /**
     * The blocks of the DAG under {@code root} that are not present, in DAG-walk order, each once. Only the
     * reachable part of the DAG can be walked, so the children of a missing block are not listed.
     */
    List<Cid> missingBlocks(Cid root) throws IOException;
}
