package io.pincluster.rest.routes;

import io.pincluster.core.error.Excerpt;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.component.PeerApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.time.GoDuration;
import io.pincluster.rest.http.Blocking;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.json.PeerRequestJson;
import io.pincluster.rest.json.WireTime;
import io.pincluster.rest.query.AddOptionsQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What an operator asks of a peer. {@code DELETE /peers/{id}[?force=true]}: 204 when removed now (a dead peer, or
 * forced; its pins are repaired at once), 202 with a JSON body when a live peer starts draining and will be removed
 * once it holds nothing. {@code POST /peers/{id}/drain} moves every pin off a member ({@code DELETE} stops).
 * {@code POST /peers/{id}/maintenance?for=30m} (default 1h, at most 7 days) suspends repair for a member that goes
 * down for a planned restart ({@code DELETE} ends it).
 */
public final class PeerRequestRoutes {
    static final Duration DEFAULT_MAINTENANCE = Duration.ofHours(1);
    static final Duration MAX_MAINTENANCE = Duration.ofDays(7);

    private final PeerApi api;
    private final Clock clock;

    public PeerRequestRoutes(PeerApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.DELETE, "/peers/{peer}", (ctx, req) -> withPeer(ctx, this::remove));
        routes.add(HttpMethod.POST, "/peers/{peer}/drain", (ctx, req) -> withPeer(ctx, peer ->
                Blocking.json(ctx, HttpStatus.ACCEPTED, () -> {
                    api.drain(peer, true);
                    return new PeerRequestJson(peer.value(), "drain", null, "moving every pin off " + peer
                            + "; each copy is released once its new holders have it");
                })));
        routes.add(HttpMethod.DELETE, "/peers/{peer}/drain", (ctx, req) -> withPeer(ctx, peer ->
                Blocking.json(ctx, () -> {
                    api.drain(peer, false);
                    return new PeerRequestJson(peer.value(), "none", null, "drain of " + peer + " stopped");
                })));
        routes.add(HttpMethod.POST, "/peers/{peer}/maintenance", (ctx, req) -> withPeer(ctx, peer -> {
            Instant until;
            try {
                until = clock.instant().plus(maintenanceLength(ctx.queryParams().get("for")));
            } catch (ClusterException e) {
                return ErrorResponses.of(e);
            }
            return Blocking.json(ctx, () -> {
                api.maintenance(peer, until);
                return new PeerRequestJson(peer.value(), null, WireTime.format(until), peer + " is in maintenance"
                        + " until " + WireTime.format(until) + ": being down moves none of its pins");
            });
        }));
        routes.add(HttpMethod.DELETE, "/peers/{peer}/maintenance", (ctx, req) -> withPeer(ctx, peer ->
                Blocking.json(ctx, () -> {
                    api.maintenance(peer, null);
                    return new PeerRequestJson(peer.value(), null, null, "maintenance of " + peer + " ended");
                })));
    }

    private HttpResponse remove(PeerId peer) {
        ServiceRequestContext ctx = ServiceRequestContext.current();
        boolean force;
        try {
            force = AddOptionsQuery.bool(ctx.queryParams(), "force", false);
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            try {
                if (api.removePeer(peer, force)) {
                    return HttpResponse.of(HttpStatus.NO_CONTENT);
                }
                return HttpResponse.of(HttpStatus.ACCEPTED, MediaType.JSON,
                        JsonWire.bytes(new PeerRequestJson(peer.value(), "drain_and_remove",
                                null, peer + " is up: draining it first; it is removed once it holds nothing"
                                + " (use ?force=true to remove it now)")));
            } catch (RuntimeException e) {
                return ErrorResponses.of(e);
            }
        }, ctx.blockingTaskExecutor()));
    }

    static Duration maintenanceLength(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_MAINTENANCE;
        }
        Duration d;
        try {
            d = GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw ClusterException.badRequest("for: '" + Excerpt.of(value) + "' is not a duration like 30m or 2h");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_MAINTENANCE) > 0) {
            throw ClusterException.badRequest("for: must be between 1ns and 168h (7 days), got " + Excerpt.of(value));
        }
        return d;
    }

    private static HttpResponse withPeer(ServiceRequestContext ctx, Function<PeerId, HttpResponse> action) {
        try {
            return action.apply(PeerId.parse(ctx.pathParam("peer")));
        } catch (IllegalArgumentException e) {
            return ErrorResponses.of(ClusterException.badRequest("error decoding peer ID: " + e.getMessage()));
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
    }
}
