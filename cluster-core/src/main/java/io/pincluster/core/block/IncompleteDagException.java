package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;

/** A recursive pin was refused because a block of the DAG is not in the store; no pin was recorded. */
public final class IncompleteDagException extends BlockStoreException {
    private final Cid root;
    private final Cid firstMissing;

    public IncompleteDagException(Cid root, Cid firstMissing) {
        super("cannot pin " + root + " recursively: block " + firstMissing + " is missing");
        this.root = root;
        this.firstMissing = firstMissing;
    }

    public Cid root() {
        return root;
    }

    public Cid firstMissing() {
        return firstMissing;
    }
}
