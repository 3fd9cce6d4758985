package io.pincluster.core.pin;

import java.util.Locale;

/** Where one peer stands with one CID; the wire strings are ipfs-cluster's. */
public enum TrackerStatus {
    UNDEFINED,
    CLUSTER_ERROR,
    PIN_ERROR,
    UNPIN_ERROR,
    PINNED,
    PINNING,
    UNPINNING,
    UNPINNED,
    REMOTE,
    PIN_QUEUED,
    UNPIN_QUEUED,
    SHARDED,
    UNEXPECTEDLY_UNPINNED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TrackerStatus parse(String s) {
        for (TrackerStatus t : values()) {
            if (t.wireName().equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown status '" + s + "'");
    }

    /**
     * The names ipfs-cluster's status filter accepts beyond the exact statuses: {@code queued}, {@code error}
     * and {@code pinning}/{@code unpinning} groups. Returns null for an unknown name.
     */
    public static java.util.EnumSet<TrackerStatus> filterGroup(String s) {
        return switch (s) {
            case "queued" -> java.util.EnumSet.of(PIN_QUEUED, UNPIN_QUEUED);
            case "error" -> java.util.EnumSet.of(CLUSTER_ERROR, PIN_ERROR, UNPIN_ERROR);
            default -> {
                for (TrackerStatus t : values()) {
                    if (t != UNDEFINED && t.wireName().equals(s)) {
                        yield java.util.EnumSet.of(t);
                    }
                }
                yield null;
            }
        };
    }
}
