package io.pincluster.core.component;

import java.util.Objects;

/**
 * Everything the HTTP front ends can ask of the cluster, one role per part; each route takes only the part it
 * serves. Calls may block (they wait for the Raft log); failures are
 * {@link io.pincluster.core.error.ClusterException}s. Streams must be closed by the caller.
 */
public record ClusterApi(PeerApi peers, PinApi pins, StatusApi status, AddApi adds, MonitorApi monitor,
                         GcApi gc, RepairApi repair, ReadinessApi readiness, StateBackupApi backups) {
    /** Without a readiness check: always ready. */
    public ClusterApi(PeerApi peers, PinApi pins, StatusApi status, AddApi adds, MonitorApi monitor, GcApi gc,
                      RepairApi repair) {
        this(peers, pins, status, adds, monitor, gc, repair, ReadinessApi.ALWAYS);
    }

    /** Without state backups ({@link StateBackupApi#UNAVAILABLE}). */
    public ClusterApi(PeerApi peers, PinApi pins, StatusApi status, AddApi adds, MonitorApi monitor, GcApi gc,
                      RepairApi repair, ReadinessApi readiness) {
        this(peers, pins, status, adds, monitor, gc, repair, readiness, StateBackupApi.UNAVAILABLE);
    }

    public ClusterApi {
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(pins, "pins");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(adds, "adds");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(gc, "gc");
        Objects.requireNonNull(repair, "repair");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(backups, "backups");
    }

    /** One object that plays every role (a test double, say). */
    public static <T extends PeerApi & PinApi & StatusApi & AddApi & MonitorApi & GcApi & RepairApi> ClusterApi of(
            T all) {
        return new ClusterApi(all, all, all, all, all, all, all);
    }
}
