package io.pincluster.core.pin;

import io.pincluster.core.cid.Cid;
import java.util.Objects;

/** One peer's tracker status for one CID: an item of a peer's status stream (sorted by CID). */
public record CidStatus(Cid cid, PinInfo info) {
    public CidStatus {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(info, "info");
    }
}
