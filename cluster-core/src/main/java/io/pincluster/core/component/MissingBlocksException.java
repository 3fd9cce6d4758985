package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import java.util.List;

/** A pin could not be made because blocks of its DAG are not in the local store; names the missing blocks. */
public final class MissingBlocksException extends ClusterException {
    private final Cid root;
    private final List<Cid> missing;

    public MissingBlocksException(Cid root, List<Cid> missing) {
        super(ErrorCode.UNAVAILABLE, "cannot pin " + root + ": block" + (missing.size() > 1 ? "s " : " ")
                + describe(missing) + " not available locally");
        this.root = root;
        this.missing = List.copyOf(missing);
    }

    public Cid root() {
        return root;
    }

    /** The missing blocks found (at least one; possibly not all of them). */
    public List<Cid> missing() {
        return missing;
    }

    private static String describe(List<Cid> missing) {
        if (missing.size() <= 3) {
            return missing.stream().map(Cid::toString).reduce((a, b) -> a + ", " + b).orElse("?");
        }
        return missing.get(0) + ", " + missing.get(1) + " and " + (missing.size() - 2) + " more";
    }
}
