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
    public synchronized Tenant putTenant(Tenant tenant, TenantWrite mode) {
        Tenant existing = table.tenant(tenant.name()).orElse(null);
        Tenant committed = decideTenant(tenant, mode, existing, clock.instant());
        table.apply(new PsaOp.PutTenant(committed));
        return committed;
    }

    /**
     * The record a tenant write commits, as the leader decides it: refused by {@code mode}, else with the existing
     * record's creation time, or {@code now} for a new one.
     */
    public static Tenant decideTenant(Tenant tenant, TenantWrite mode, Tenant existing, Instant now) {
        if (mode == TenantWrite.CREATE && existing != null) {
            throw new TenantRefusedException(io.pincluster.core.error.ErrorCode.CONFLICT, "tenant '" + tenant.name()
                    + "' exists already (PUT /tenants/" + tenant.name() + " changes it)");
        }
        if (mode == TenantWrite.UPDATE && existing == null) {
            throw new TenantRefusedException(io.pincluster.core.error.ErrorCode.NOT_FOUND, "no tenant '"
                    + tenant.name() + "'");
        }
        return tenant.createdAt(existing != null ? existing.created() : now);
    }

    @Override
    public synchronized void removeTenant(String name) {
        table.apply(new PsaOp.RemoveTenant(name));
    }

    @Override
    public PsaTable table() {
        return table;
    }
}
