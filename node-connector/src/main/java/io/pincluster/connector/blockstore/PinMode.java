package io.pincluster.connector.blockstore;

/** How much of a DAG a local pin keeps: the whole DAG, or only the root block. */
public enum PinMode {
    /** The root and every block reachable from it; the pin requires all of them to be present. */
    RECURSIVE,
    /** Only the root block. */
    DIRECT
}
