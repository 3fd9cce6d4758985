package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.TrackerStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Pin status and recovery across the cluster's peers ({@code GET /pins}, {@code /recover}). */
public interface StatusApi {
    GlobalPinInfo status(Cid cid, boolean local);

    /** Status of every pin (or of {@code cids} when not empty) matching {@code filter} (empty = all), in CID order. */
    Stream<GlobalPinInfo> statusAll(Set<TrackerStatus> filter, List<Cid> cids, boolean local);

    GlobalPinInfo recover(Cid cid, boolean local);

    Stream<GlobalPinInfo> recoverAll(boolean local);
}
