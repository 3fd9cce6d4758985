package io.pincluster.core.component;

import java.util.List;

/** Garbage collection of the peers' block stores ({@code POST /ipfs/gc}). */
public interface GcApi {
    /**
     * Runs a GC on this peer only ({@code local}) or on every member, each peer collecting its own store. A peer
     * that could not be reached or failed has its error in its entry; the others' results are kept.
     */
    List<PeerGc> collectGarbage(boolean local);
}
