package io.pincluster.core.cold;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.Pin;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The archive garbage collector's request to drop one index entry (decision 0021), logged before any object is
 * deleted, so that no replica ever points at an archive that is gone.
 *
 * <p>It carries what the collector saw, and every replica applies it only if that still holds at the entry: the
 * index still names {@code objectKey} for {@code cid} (a newer archive of the pin is not dropped by an old
 * judgement), and the pin is either gone or still the very pin the collector judged ({@code pinTimestamp}, the
 * leader's decision time of that pin; a re-pin or an update gets a new one). So a pin re-pinned or changed to
 * {@code archive=true} between the collector's look and the entry keeps its archive.
 *
 * @param cid          the pin's CID
 * @param objectKey    the archive's object key the collector judged unwanted
 * @param pinTimestamp the timestamp of the pin the collector judged no longer wanted by the policy, or null when it
 *                     saw the pin gone from the pinset
 */
public record ArchiveRemoval(Cid cid, String objectKey, Instant pinTimestamp) {
    public ArchiveRemoval {
        Objects.requireNonNull(cid, "cid");
        if (objectKey == null || objectKey.isEmpty() || objectKey.length() > ArchiveEntry.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("an archive's object key must be 1 to " + ArchiveEntry.MAX_KEY_LENGTH
                    + " characters");
        }
    }

    /**
     * Whether this removal drops {@code entry} given the pin as the replica holds it at the removal's log entry. The
     * same function on every replica, of the same replicated state, so every replica decides alike.
     */
    public boolean appliesTo(Optional<ArchiveEntry> entry, Optional<Pin> pin) {
        if (entry.isEmpty() || !entry.get().objectKey().equals(objectKey)) {
            return false;
        }
        // A pin whose hot copies were dropped (decision 0024) has the archive as its only copy: never removed while
        // it is pinned, whatever the collector judged before the drop.
        return pin.isEmpty() || pinTimestamp != null && pin.get().timestamp().equals(pinTimestamp)
                && !HotDrop.coldOnly(pin.get(), true);
    }
}
