package io.pincluster.core.cold;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.Pin;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The leader's decision to drop every hot copy of an archived pin that nobody read for {@code cold.drop_hot_after}
 * (decision 0024). It carries what the leader judged, and every replica applies it only if that still holds at the
 * log entry ({@link #appliesTo}): so the make-before-break rules are checked against the replicated state itself, not
 * against the leader's view of a moment before.
 *
 * @param cid          the pin's CID
 * @param objectKey    the archive the leader saw indexed for the pin: the drop applies only while the index still
 *                     names it, so a copy is never dropped for an archive that is not (or no longer) confirmed there
 * @param pinTimestamp the timestamp of the pin the leader judged; a re-pin or an update gets a new one
 * @param lastReadAt   the pin's read time in the index the leader judged (null: none reported); a read reported
 *                     after the judgement (a later time in the index) cancels the drop
 */
public record HotDrop(Cid cid, String objectKey, Instant pinTimestamp, Instant lastReadAt) {
    public HotDrop {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(pinTimestamp, "pinTimestamp");
        if (objectKey == null || objectKey.isEmpty() || objectKey.length() > ArchiveEntry.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("an archive's object key must be 1 to " + ArchiveEntry.MAX_KEY_LENGTH
                    + " characters");
        }
    }

    /** The drop of what the leader sees now: {@code pin} as it stands and its index entry. */
    public static HotDrop of(Pin pin, ArchiveEntry entry) {
        return new HotDrop(pin.cid(), entry.objectKey(), pin.timestamp(), entry.lastReadAt());
    }

    /**
     * Whether this drop still holds at its log entry, given the pin and its index entry as the replica holds them
     * there: the pin is pinned, is still the very pin judged, has hot copies and is not a pin on every peer; the index
     * still names the archive judged; and no read was reported since. The same function of the same replicated state
     * on every replica, so every replica decides alike.
     */
    public boolean appliesTo(Optional<ArchiveEntry> entry, Optional<Pin> pin) {
        if (entry.isEmpty() || pin.isEmpty() || !entry.get().objectKey().equals(objectKey)) {
            return false;
        }
        Pin p = pin.get();
        return p.timestamp().equals(pinTimestamp) && !p.isEverywhere() && !p.allocations().isEmpty()
                && Objects.equals(entry.get().lastReadAt(), lastReadAt);
    }

    /** The pin as it is after the drop: the same pin, allocated to no peer (its only copy is the archive). */
    public static Pin dropped(Pin pin) {
        return new Pin(pin.cid(), pin.options(), pin.type(), List.of(), pin.reference(), pin.timestamp());
    }

    /**
     * Whether {@code pin} is held by the cold tier only, by a drop: it wants copies (a resolved replication factor,
     * not a pin on every peer), is allocated to no peer, and is archived. Repair does not give such a pin hot copies,
     * and its former holders may release theirs.
     */
    public static boolean coldOnly(Pin pin, boolean archived) {
        return archived && pin.options().replicationMin() > 0 && pin.allocations().isEmpty();
    }
}
