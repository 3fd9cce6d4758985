package io.pincluster.service.holders;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.HotDrop;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PinSetView;
import java.util.function.Predicate;

/**
 * When a copy kept by a peer that lost its allocation (a surplus copy) may be released: never before the copies
 * that replace it are confirmed, so a move never takes a pin below its minimum.
 *
 * <ul>
 *   <li>the pin is gone from the pinset: releasable;</li>
 *   <li>the pin is allocated to the holder again (or is an "everywhere" pin): not releasable, it is no surplus;</li>
 *   <li>otherwise releasable only when every allocated peer that is live has confirmed its copy, and the live
 *       confirmed allocated holders number at least {@code min(replication_factor_min, allocations)} (and at least
 *       one: the last copy is never released for a pin that has nowhere else to be);</li>
 *   <li>except a pin whose hot copies were dropped (decision 0024): allocated to no peer, not an "everywhere" pin,
 *       and archived in the index. Its archive is its copy (the drop applied only while the index had it, and the
 *       index keeps it while the pin is pinned), so every hot copy is releasable.</li>
 * </ul>
 * A peer that is not live does not block the release (it may never come back; repair replaces it), but it does not
 * count towards the minimum either.
 */
final class ReleaseRule {
    private final PinSetView pinset;
    private final Predicate<PeerId> live;
    private final ConfirmedHolders holders;
    private final Predicate<Cid> archived;

    ReleaseRule(PinSetView pinset, Predicate<PeerId> live, ConfirmedHolders holders) {
        this(pinset, live, holders, cid -> false);
    }

    ReleaseRule(PinSetView pinset, Predicate<PeerId> live, ConfirmedHolders holders, Predicate<Cid> archived) {
        this.archived = archived;
        this.pinset = pinset;
        this.live = live;
        this.holders = holders;
    }

    boolean releasable(PeerId holder, Cid cid) {
        Pin pin = pinset.get(cid).orElse(null);
        if (pin == null) {
            return true;
        }
        if (pin.isAllocatedTo(holder)) {
            return false;
        }
        if (HotDrop.coldOnly(pin, archived.test(cid))) {
            return true;
        }
        int confirmed = 0;
        for (PeerId peer : pin.allocations()) {
            if (!live.test(peer)) {
                continue;
            }
            if (!holders.holds(peer, cid)) {
                return false;
            }
            confirmed++;
        }
        int needed = Math.max(1, Math.min(pin.options().replicationMin(), pin.allocations().size()));
        return confirmed >= needed;
    }
}
