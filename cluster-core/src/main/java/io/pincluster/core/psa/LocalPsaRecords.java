package io.pincluster.core.psa;

import java.time.Clock;
import java.time.Instant;

/**
 * The pin requests of a Pinning Service API without a cluster (tests, a lone server): the same table, changed
 * under a lock, with creation times from {@code clock} made unique as the leader makes them.
 */
public final class LocalPsaRecords implements PsaRecords {
    private final PsaTable table = new PsaTable();
    private final Clock clock;
    private Instant last = Instant.EPOCH;

    public LocalPsaRecords(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized PsaPin put(PsaPin pin, String replaces, int maxPinsPerOwner) {
        PsaPin replaced = replaces == null ? null : table.get(replaces).orElse(null);
        int held = table.count(pin.owner()) - (replaced != null && replaced.owner().equals(pin.owner()) ? 1 : 0);
        if (maxPinsPerOwner > 0 && held >= maxPinsPerOwner) {
            throw new PsaQuotaExceededException(pin.owner(), maxPinsPerOwner);
        }
        last = CreationTimes.next(clock.instant(), last);
        PsaPin committed = pin.createdAt(last);
        table.apply(new PsaOp.Put(committed, replaces));
        return committed;
    }

    @Override
    public synchronized void remove(String requestId) {
        table.apply(new PsaOp.Remove(requestId));
    }

    @Override
    public PsaTable table() {
        return table;
    }
}
