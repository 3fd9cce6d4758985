package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.PsaCodec;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaQuotaExceededException;
import io.pincluster.core.psa.PsaRecords;
import io.pincluster.core.psa.PsaTable;
import io.pincluster.core.psa.Tenant;
import io.pincluster.core.psa.TenantRefusedException;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.ratis.protocol.exceptions.StateMachineException;

/**
 * The Pinning Service API's pin requests and tenants in the replicated state (decisions 0011, 0017): each write goes
 * straight to the leader ({@link DirectWrites}), which checks quotas and tenants as it decides; reads are this peer's
 * replica. A leader of a build from before the Pinning Service API refuses these writes as unknown messages
 * ({@code UNAVAILABLE}).
 */
final class ReplicatedPsaRecords implements PsaRecords {
    private final Supplier<DirectWrites> writes;
    private final PsaTable table;

    /** @param writes fails with {@code UNAVAILABLE} while the consensus is not started or is shut down */
    ReplicatedPsaRecords(Supplier<DirectWrites> writes, PsaTable table) {
        this.writes = Objects.requireNonNull(writes, "writes");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public PsaPin put(PsaPin pin, String replaces, int maxPinsPerOwner) {
        Objects.requireNonNull(pin, "pin");
        send(PsaCodec.encodePutRequest(pin, replaces, maxPinsPerOwner), "pin request");
        return table.get(pin.requestId()).orElseThrow(() -> new ClusterException(ErrorCode.UNAVAILABLE,
                "pin request " + pin.requestId() + " was committed but is gone already (deleted at once?)"));
    }

    @Override
    public void remove(String requestId) {
        send(PsaCodec.encodeRemove(requestId), "pin request removal");
    }

    @Override
    public PsaTable table() {
        return table;
    }

    @Override
    public Tenant putTenant(Tenant tenant, TenantWrite mode) {
        Objects.requireNonNull(tenant, "tenant");
        send(PsaCodec.encodeTenantRequest(tenant, mode), "tenant record");
        return table.tenant(tenant.name()).orElseThrow(() -> new ClusterException(ErrorCode.UNAVAILABLE,
                "tenant " + tenant.name() + " was committed but is gone already (removed at once?)"));
    }

    @Override
    public void removeTenant(String name) {
        send(PsaCodec.encodeTenantRemove(name), "tenant record removal");
    }

    private void send(byte[] message, String what) {
        writes.get().send(message, what, ReplicatedPsaRecords::refusal);
    }

    /** The leader's refusals that mean something to the caller: a tenant problem, or over the tenant's quota (409). */
    private static ClusterException refusal(StateMachineException refused) {
        String reason = String.valueOf(refused.getMessage());
        TenantRefusedException tenant = TenantRefusedException.fromWire(reason);
        if (tenant != null) {
            return tenant;
        }
        int quota = reason.indexOf(PsaQuotaExceededException.MARKER);
        if (quota < 0) {
            return null;
        }
        String refusal = reason.substring(quota);
        int end = refusal.indexOf('\n');
        return new PsaQuotaExceededException(end < 0 ? refusal : refusal.substring(0, end));
    }
}
