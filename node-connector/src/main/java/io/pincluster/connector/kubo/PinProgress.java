package io.pincluster.connector.kubo;

/** Told how many blocks a running {@code pin/add} has fetched so far (Kubo reports it; js-ipfs does not). */
@FunctionalInterface
public interface PinProgress {
    PinProgress NONE = blocks -> { };

    void fetched(long blocks);
}
