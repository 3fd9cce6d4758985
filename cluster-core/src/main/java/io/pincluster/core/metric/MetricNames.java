package io.pincluster.core.metric;

/**
 * The metric names informers publish, spelled as ipfs-cluster spells them, because {@code allocate_by}
 * configuration and {@code /monitor/metrics/{name}} refer to them by these strings.
 */
public final class MetricNames {
    /** Bytes a peer can still store; weight = the same number. Not published when the peer is full. */
    public static final String FREESPACE = "freespace";
    /** Pins queued in the peer's tracker; weight = minus the queue length (a short queue ranks higher). */
    public static final String PINQUEUE = "pinqueue";
    /** Number of pins held by the peer. */
    public static final String NUMPIN = "numpin";
    /**
     * How full the peer's store is: value {@code <used bytes>/<capacity bytes>}, weight the used share in parts per
     * million. Capacity is the store's size limit, or less when the disk under it has less room.
     */
    public static final String DISKUSAGE = "diskusage";
    /** Liveness beacon; its expiry decides when a peer counts as down. */
    public static final String PING = "ping";
    /** Prefix of tag metrics: {@code tag:zone} carries the peer's zone as its value. */
    public static final String TAG_PREFIX = "tag:";
    /** The zone tag the default {@code allocate_by} partitions by. */
    public static final String ZONE = TAG_PREFIX + "zone";

    private MetricNames() {
    }

    /** The metric name of tag {@code key}: {@code tag("zone")} is {@code tag:zone}. */
    public static String tag(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a tag needs a non-empty key");
        }
        return TAG_PREFIX + key;
    }

    public static boolean isTag(String name) {
        return name != null && name.startsWith(TAG_PREFIX) && name.length() > TAG_PREFIX.length();
    }
}
