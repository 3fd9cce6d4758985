package io.pincluster.core.pin;

import io.pincluster.core.error.Excerpt;
import java.util.Locale;

/** Whether a pin holds the whole DAG below its root or the root block only. */
public enum PinMode {
    RECURSIVE,
    DIRECT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code recursive} or {@code direct}; anything else is an error (ipfs-cluster silently used recursive). */
    public static PinMode parse(String s) {
        for (PinMode m : values()) {
            if (m.wireName().equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown pin mode '" + Excerpt.of(s) + "' (use recursive or direct)");
    }

    /** ipfs-cluster's max_depth: -1 for recursive, 0 for direct. */
    public int maxDepth() {
        return this == RECURSIVE ? -1 : 0;
    }
}
