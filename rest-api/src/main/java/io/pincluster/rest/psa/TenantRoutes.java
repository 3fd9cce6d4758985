package io.pincluster.rest.psa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.psa.ContentSizes;
import io.pincluster.core.psa.PsaRecords;
import io.pincluster.core.psa.Tenant;
import io.pincluster.rest.auth.JwtCodec;
import io.pincluster.rest.http.Blocking;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.routes.RouteRegistry;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The REST API's tenant management (decision 0017), for admins only ({@code RouteAccess}):
 * {@code GET|POST /tenants}, {@code GET|PUT|DELETE /tenants/{name}}, {@code POST /tenants/{name}/tokens}. Tenant
 * records are replicated through the Raft log; a write answers once it is applied on this peer. Bad input is a 400
 * naming the field; an unknown tenant 404; a create of an existing one, or the removal of a tenant that still holds
 * pin requests (without {@code force=true}), 409.
 */
public final class TenantRoutes {
    /** A tenant token lives this long unless the request says otherwise: pinning clients are long-lived. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = JwtCodec.MAX_LIFETIME;
    private static final Set<String> FIELDS = Set.of("name", "max_pins", "max_bytes", "replication_factor_min",
            "replication_factor_max", "disabled");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PsaRecords records;
    private final JwtCodec jwt;
    private final ContentSizes sizes;
    private final PsaConfig psa;

    /**
     * @param jwt   signs tenant tokens (the REST API's token codec); null: no users, no tokens
     * @param sizes the DAG sizes this peer knows (usage in bytes)
     * @param psa   the Pinning Service API's defaults (quota, replication) a record falls back to
     */
    public TenantRoutes(PsaRecords records, JwtCodec jwt, ContentSizes sizes, PsaConfig psa) {
        this.records = records;
        this.jwt = jwt;
        this.sizes = sizes;
        this.psa = psa;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.GET, "/tenants", (ctx, req) -> Blocking.json(ctx, this::list));
        routes.add(HttpMethod.POST, "/tenants", (ctx, req) -> withBody(ctx, req, HttpStatus.CREATED,
                body -> create(body)));
        routes.add(HttpMethod.GET, "/tenants/{name}", (ctx, req) -> Blocking.json(ctx,
                () -> show(known(name(ctx)))));
        routes.add(HttpMethod.PUT, "/tenants/{name}", (ctx, req) -> withBody(ctx, req, HttpStatus.OK,
                body -> update(name(ctx), body)));
        routes.add(HttpMethod.DELETE, "/tenants/{name}", (ctx, req) -> Blocking.noContent(ctx,
                () -> remove(name(ctx), force(ctx))));
        routes.add(HttpMethod.POST, "/tenants/{name}/tokens", (ctx, req) -> withBody(ctx, req, HttpStatus.CREATED,
                body -> token(name(ctx), body)));
    }

    private ArrayNode list() {
        ArrayNode out = MAPPER.createArrayNode();
        for (Tenant t : records.table().tenants()) {
            ObjectNode node = json(t);
            node.putObject("usage").put("pins", records.table().count(t.name()));
            out.add(node);
        }
        return out;
    }

    private ObjectNode show(Tenant t) {
        ObjectNode node = json(t);
        TenantUsage usage = TenantUsage.of(records.table(), sizes, t.name(), null);
        node.putObject("usage").put("pins", usage.pins()).put("bytes", usage.bytes())
                .put("unknown_sizes", usage.unknownSizes());
        return node;
    }

    private ObjectNode create(JsonNode body) {
        if (!body.hasNonNull("name")) {
            throw ClusterException.badRequest("name: missing (the tenant's name)");
        }
        Tenant t = merge(null, text(body, "name"), body);
        return show(records.putTenant(t, PsaRecords.TenantWrite.CREATE));
    }

    private ObjectNode update(String name, JsonNode body) {
        if (body.has("name") && !name.equals(body.get("name").asText())) {
            throw ClusterException.badRequest("name: a tenant cannot be renamed (the body says '"
                    + PsaJson.excerpt(body.get("name").asText()) + "', the path '" + name + "')");
        }
        Tenant t = merge(known(name), name, body);
        return show(records.putTenant(t, PsaRecords.TenantWrite.UPDATE));
    }

    private void remove(String name, boolean force) {
        known(name);
        int pins = records.table().count(name);
        if (pins > 0 && !force) {
            throw new ClusterException(ErrorCode.CONFLICT, "tenant '" + name + "' still holds " + pins + " pin "
                    + "requests: delete them first, or remove the record with force=true (its requests stay, owned "
                    + "by the name, and its tenant tokens stop working)");
        }
        records.removeTenant(name);
    }

    private ObjectNode token(String name, JsonNode body) {
        Tenant t = known(name);
        if (jwt == null) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "no REST users are configured, so no tokens are "
                    + "signed (restapi.basic_auth_credentials)");
        }
        if (t.disabled()) {
            throw new ClusterException(ErrorCode.CONFLICT, "tenant '" + name + "' is disabled: enable it first");
        }
        Iterator<String> fields = body.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (!f.equals("expires_in")) {
                throw ClusterException.badRequest(PsaJson.excerpt(f) + ": unknown field (only expires_in, in "
                        + "seconds)");
            }
        }
        Duration lifetime = DEFAULT_TOKEN_LIFETIME;
        if (body.has("expires_in")) {
            long seconds = number(body, "expires_in");
            if (seconds <= 0 || seconds > JwtCodec.MAX_LIFETIME.toSeconds()) {
                throw ClusterException.badRequest("expires_in: must be 1 to " + JwtCodec.MAX_LIFETIME.toSeconds()
                        + " seconds");
            }
            lifetime = Duration.ofSeconds(seconds);
        }
        JwtCodec.Issued issued = jwt.issueTenant(name, t.created(), lifetime);
        ObjectNode out = MAPPER.createObjectNode();
        out.put("token", issued.token()).put("id", issued.jti()).put("tenant", name)
                .put("expires_at", issued.expires().toString()).put("scope", JwtCodec.PSA_SCOPE);
        return out;
    }

    /** {@code base} (null: all defaults) with the fields {@code body} gives; unknown or mistyped fields are 400. */
    private static Tenant merge(Tenant base, String name, JsonNode body) {
        Iterator<String> fields = body.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (!FIELDS.contains(f)) {
                throw ClusterException.badRequest(PsaJson.excerpt(f) + ": unknown field (known: name, max_pins, "
                        + "max_bytes, replication_factor_min, replication_factor_max, disabled)");
            }
        }
        int maxPins = body.has("max_pins") ? intField(body, "max_pins") : base == null ? 0 : base.maxPins();
        long maxBytes = body.has("max_bytes") ? number(body, "max_bytes") : base == null ? 0 : base.maxBytes();
        int min = body.has("replication_factor_min") ? intField(body, "replication_factor_min")
                : base == null ? 0 : base.replicationMin();
        int max = body.has("replication_factor_max") ? intField(body, "replication_factor_max")
                : base == null ? 0 : base.replicationMax();
        boolean disabled = base != null && base.disabled();
        if (body.has("disabled")) {
            if (!body.get("disabled").isBoolean()) {
                throw ClusterException.badRequest("disabled: must be true or false");
            }
            disabled = body.get("disabled").asBoolean();
        }
        try {
            return new Tenant(name, maxPins, maxBytes, min, max, disabled, null);
        } catch (IllegalArgumentException e) {
            throw ClusterException.badRequest(e.getMessage());
        }
    }

    private Tenant known(String name) {
        return records.table().tenant(name).orElseThrow(() -> new ClusterException(ErrorCode.NOT_FOUND,
                "no tenant '" + name + "'"));
    }

    private ObjectNode json(Tenant t) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", t.name()).put("max_pins", t.maxPins()).put("max_bytes", t.maxBytes())
                .put("replication_factor_min", t.replicationMin()).put("replication_factor_max", t.replicationMax())
                .put("disabled", t.disabled()).put("created", t.created() == null ? null : t.created().toString());
        node.putObject("effective").put("max_pins", t.pinQuota(psa.maxPinsPerTenant()))
                .put("replication", t.replication(psa.replication()));
        return node;
    }

    private static String name(ServiceRequestContext ctx) {
        String name = ctx.pathParam("name");
        if (!Tenant.validName(name)) {
            throw ClusterException.badRequest("not a tenant name: '" + PsaJson.excerpt(name) + "' (1 to 64 "
                    + "letters, digits and ._@+- starting with a letter or digit)");
        }
        return name;
    }

    private static boolean force(ServiceRequestContext ctx) {
        String force = ctx.queryParam("force");
        if (force == null || force.equals("false")) {
            return false;
        }
        if (force.equals("true")) {
            return true;
        }
        throw ClusterException.badRequest("force: must be true or false");
    }

    private static String text(JsonNode body, String field) {
        if (!body.get(field).isTextual()) {
            throw ClusterException.badRequest(field + ": must be a string");
        }
        return body.get(field).asText();
    }

    private static long number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ClusterException.badRequest(field + ": must be a whole number");
        }
        return v.asLong();
    }

    private static int intField(JsonNode body, String field) {
        long v = number(body, field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw ClusterException.badRequest(field + ": out of range");
        }
        return (int) v;
    }

    private interface BodyHandler {
        Object handle(JsonNode body);
    }

    /** Reads the JSON object body (empty: {}), then runs {@code handler} off the event loop. */
    private static HttpResponse withBody(ServiceRequestContext ctx, com.linecorp.armeria.common.HttpRequest req,
                                         HttpStatus status, BodyHandler handler) {
        return HttpResponse.of(req.aggregate().thenApply(agg -> Blocking.json(ctx, status, (Supplier<Object>) () -> {
            String text = agg.contentUtf8();
            JsonNode body;
            try {
                body = text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
            } catch (java.io.IOException e) {
                throw ClusterException.badRequest("the body is not JSON: expected an object");
            }
            if (body == null || !body.isObject()) {
                throw ClusterException.badRequest("the body must be a JSON object");
            }
            return handler.handle(body);
        })).exceptionally(ErrorResponses::of));
    }
}
