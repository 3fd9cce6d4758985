package io.pincluster.core.pin;

/** ipfs-cluster's pin types; only {@link #DATA} is produced here, the others exist so filters parse. */
public enum PinType {
    DATA("pin"),
    META("meta-pin"),
    CLUSTER_DAG("clusterdag-pin"),
    SHARD("shard-pin");

    private final String wireName;

    PinType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static PinType parse(String s) {
        for (PinType t : values()) {
            if (t.wireName.equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown pin type '" + s + "'");
    }
}
