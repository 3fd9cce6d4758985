package io.pincluster.rest.psa;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaRecords;
import io.pincluster.core.psa.Tenant;
import io.pincluster.rest.auth.Role;
import io.pincluster.rest.auth.User;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The spec's routes: {@code GET|POST /pins}, {@code GET|POST|DELETE /pins/{requestid}}. A tenant (the token's user)
 * sees and changes only its own requests; an admin sees and changes everyone's. Reading needs the {@code reader}
 * role, changing {@code pinner}. Work that waits for the Raft log runs off the event loop. A tenant's record
 * (decision 0017) sets its pin quota, byte quota and replication; without one the PSA settings apply.
 */
final class PsaRoutes {
    private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final PsaConfig config;
    private final PsaRecords records;
    private final PsaPinset pinset;
    private final PsaStatuses statuses;
    private final PsaLister lister;
    private final io.pincluster.core.psa.ContentSizes sizes;
    private final SecureRandom random = new SecureRandom();

    PsaRoutes(PsaConfig config, PsaRecords records, PsaPinset pinset, PsaStatuses statuses,
              io.pincluster.core.psa.ContentSizes sizes, io.pincluster.core.psa.PsaStatusIndex index) {
        this.config = config;
        this.sizes = sizes;
        this.records = records;
        this.pinset = pinset;
        this.statuses = statuses;
        this.lister = new PsaLister(records.table(), statuses, index);
    }

    void register(ServerBuilder sb) {
        sb.route().path("/pins").methods(HttpMethod.GET).build((ctx, req) -> blocking(ctx, req, Role.READER,
                (user, body) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, lister.list(
                        PsaListQuery.parse(ctx.queryParams()), user.role() == Role.ADMIN ? null : user.name()))));
        sb.route().path("/pins").methods(HttpMethod.POST).build((ctx, req) -> blocking(ctx, req, Role.PINNER,
                (user, body) -> add(user, body)));
        sb.route().path("/pins/{requestid}").methods(HttpMethod.GET).build((ctx, req) -> blocking(ctx, req,
                Role.READER, (user, body) -> get(user, ctx.pathParam("requestid"))));
        sb.route().path("/pins/{requestid}").methods(HttpMethod.POST).build((ctx, req) -> blocking(ctx, req,
                Role.PINNER, (user, body) -> replace(user, ctx.pathParam("requestid"), body)));
        sb.route().path("/pins/{requestid}").methods(HttpMethod.DELETE).build((ctx, req) -> blocking(ctx, req,
                Role.PINNER, (user, body) -> delete(user, ctx.pathParam("requestid"))));
        sb.route().path("/health").methods(HttpMethod.GET).build((ctx, req) -> HttpResponse.of(HttpStatus.NO_CONTENT));
    }

    private HttpResponse add(User user, byte[] body) {
        PsaJson.PinBody b = PsaJson.pinBody(body);
        Tenant tenant = checkBytes(user.name(), null);
        PsaPin committed = records.put(new PsaPin(newRequestId(), user.name(), b.cid(), b.name(), b.origins(),
                b.meta(), replication(tenant), null), null, pinQuota(tenant));
        try {
            pinset.keep(committed.cid());
        } catch (RuntimeException e) {
            undo(committed);
            throw e;
        }
        return accepted(committed);
    }

    private HttpResponse get(User user, String requestId) {
        Optional<PsaPin> pin = visible(user, requestId);
        if (pin.isEmpty()) {
            return notFound(requestId);
        }
        PsaStatuses.CidState state = statuses.of(List.of(pin.get().cid())).get(pin.get().cid());
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, PsaJson.bytes(PsaJson.pinStatus(pin.get(),
                state)));
    }

    /** A new request (new ID, new creation time) in place of the old one, in one log entry, as the spec asks. */
    private HttpResponse replace(User user, String requestId, byte[] body) {
        Optional<PsaPin> old = visible(user, requestId);
        if (old.isEmpty()) {
            return notFound(requestId);
        }
        PsaJson.PinBody b = PsaJson.pinBody(body);
        Tenant tenant = checkBytes(old.get().owner(), requestId);
        PsaPin committed = records.put(new PsaPin(newRequestId(), old.get().owner(), b.cid(), b.name(), b.origins(),
                b.meta(), replication(tenant), null), requestId, pinQuota(tenant));
        pinset.keep(committed.cid());
        if (!committed.cid().equals(old.get().cid())) {
            pinset.release(old.get().cid());
        }
        return accepted(committed);
    }

    private HttpResponse delete(User user, String requestId) {
        Optional<PsaPin> old = visible(user, requestId);
        if (old.isEmpty()) {
            return notFound(requestId);
        }
        records.remove(requestId);
        pinset.release(old.get().cid());
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.ACCEPTED)); // no content (the spec); not Armeria's text
    }

    /**
     * The owner's tenant record (null: none), after refusing the request when the owner's content takes its byte
     * quota already (counted without the request being replaced). Checked here, on the peer that takes the request,
     * with the sizes it knows; decision 0017.
     */
    private Tenant checkBytes(String owner, String replacing) {
        Tenant tenant = records.table().tenant(owner).orElse(null);
        if (tenant != null && tenant.maxBytes() > 0) {
            TenantUsage usage = TenantUsage.of(records.table(), sizes, owner, replacing);
            if (usage.bytes() >= tenant.maxBytes()) {
                throw new ByteQuotaExceededException(owner, usage.bytes(), tenant.maxBytes());
            }
        }
        return tenant;
    }

    private int replication(Tenant tenant) {
        return tenant == null ? config.replication() : tenant.replication(config.replication());
    }

    private int pinQuota(Tenant tenant) {
        return tenant == null ? config.maxPinsPerTenant() : tenant.pinQuota(config.maxPinsPerTenant());
    }

    /** The request was recorded but its CID could not be pinned: take the request back rather than lie about it. */
    private void undo(PsaPin committed) {
        try {
            records.remove(committed.requestId());
        } catch (RuntimeException ignored) {
            // the caller reports the first failure; a request left behind is listed as queued and can be deleted
        }
    }

    private HttpResponse accepted(PsaPin pin) {
        PsaStatuses.CidState state = statuses.of(List.of(pin.cid())).get(pin.cid());
        // A new request is queued until the cluster's status of its CID says more (the spec's answer to an add).
        return HttpResponse.of(HttpStatus.ACCEPTED, MediaType.JSON_UTF_8, PsaJson.bytes(PsaJson.pinStatus(pin,
                new PsaStatuses.CidState("queued", state.delegates()))));
    }

    private Optional<PsaPin> visible(User user, String requestId) {
        if (!PsaPin.validRequestId(requestId)) {
            return Optional.empty();
        }
        return records.table().get(requestId).filter(p -> user.role() == Role.ADMIN || p.owner().equals(user.name()));
    }

    /** The same answer for another tenant's request as for none: IDs of others are not revealed. */
    private static HttpResponse notFound(String requestId) {
        return PsaErrors.notFound("no pin request " + PsaJson.excerpt(requestId));
    }

    private String newRequestId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return ID_ENCODER.encodeToString(id);
    }

    private interface Handler {
        HttpResponse handle(User user, byte[] body);
    }

    private static HttpResponse blocking(ServiceRequestContext ctx, HttpRequest req, Role needed, Handler handler) {
        User user = ctx.attr(PsaAuth.USER);
        if (user == null) {
            return PsaErrors.of(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "no access token");
        }
        if (!user.role().covers(needed)) {
            return PsaErrors.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "user '" + user.name() + "' has role "
                    + user.role().configName() + "; this needs " + needed.configName());
        }
        CompletableFuture<AggregatedHttpRequest> aggregated = req.aggregate();
        return HttpResponse.of(aggregated.thenApplyAsync(agg -> {
            try {
                HttpData content = agg.content();
                return handler.handle(user, content.array());
            } catch (RuntimeException e) {
                return PsaErrors.of(e);
            }
        }, ctx.blockingTaskExecutor()).exceptionally(e -> PsaErrors.of(
                io.pincluster.core.concurrent.Futures.unwrap(e))));
    }
}
