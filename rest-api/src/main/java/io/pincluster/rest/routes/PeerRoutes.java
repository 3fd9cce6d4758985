package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import io.pincluster.core.component.PeerApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.rest.http.Blocking;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.http.NdjsonStream;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.json.PeerAddJson;
import io.pincluster.rest.json.VersionJson;

/** {@code /id}, {@code /version}, {@code /peers} (listing and adding; removal is in {@link PeerRequestRoutes}). */
public final class PeerRoutes {
    private final PeerApi api;

    public PeerRoutes(PeerApi api) {
        this.api = api;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.GET, "/id", (ctx, req) -> Blocking.json(ctx, () -> JsonWire.id(api.id())));
        routes.add(HttpMethod.GET, "/version", (ctx, req) ->
                Blocking.json(ctx, () -> new VersionJson(api.version())));
        routes.add(HttpMethod.GET, "/peers", (ctx, req) -> NdjsonStream.serve(ctx, api::peers, JsonWire::id));
        routes.add(HttpMethod.POST, "/peers", (ctx, req) -> HttpResponse.of(req.aggregate()
                .thenApply(body -> Blocking.json(ctx, () -> JsonWire.id(api.addPeer(peerFromBody(body.contentUtf8())))))
                .exceptionally(ErrorResponses::of)));
    }

    private static PeerId peerFromBody(String body) {
        PeerAddJson parsed;
        try {
            parsed = JsonWire.mapper().readValue(body, PeerAddJson.class);
        } catch (java.io.IOException e) {
            throw ClusterException.badRequest("error decoding request body: expected {\"peer_id\":\"<peer ID>\"}");
        }
        if (parsed == null || parsed.peerId() == null) {
            throw ClusterException.badRequest("error decoding request body: missing peer_id");
        }
        return peer(parsed.peerId());
    }

    private static PeerId peer(String value) {
        try {
            return PeerId.parse(value);
        } catch (IllegalArgumentException e) {
            throw ClusterException.badRequest("error decoding peer ID: " + e.getMessage());
        }
    }
}
