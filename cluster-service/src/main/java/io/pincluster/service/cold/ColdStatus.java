package io.pincluster.service.cold;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.TrackerStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Pin status with the cold tier (decision 0019): every answer of {@code delegate} gets the pin's archive from this
 * peer's replica of the index, when it has one, so {@code GET /pins/{cid}} shows a {@code cold} entry next to the
 * peer map. A read of the local replica; no request to the bucket.
 */
public final class ColdStatus implements StatusApi {
    private final StatusApi delegate;
    private final ArchiveIndex index;

    public ColdStatus(StatusApi delegate, ArchiveIndex index) {
        this.delegate = delegate;
        this.index = index;
    }

    private GlobalPinInfo withArchive(GlobalPinInfo info) {
        return index.get(info.cid()).map(info::withCold).orElse(info);
    }

    @Override
    public GlobalPinInfo status(Cid cid, boolean local) {
        return withArchive(delegate.status(cid, local));
    }

    @Override
    public Stream<GlobalPinInfo> statusAll(Set<TrackerStatus> filter, List<Cid> cids, boolean local) {
        return delegate.statusAll(filter, cids, local).map(this::withArchive);
    }

    @Override
    public GlobalPinInfo recover(Cid cid, boolean local) {
        return withArchive(delegate.recover(cid, local));
    }

    @Override
    public Stream<GlobalPinInfo> recoverAll(boolean local) {
        return delegate.recoverAll(local).map(this::withArchive);
    }
}
