package io.pincluster.rest.proxy;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.component.PeerApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.Excerpt;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.rest.http.Blocking;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code id} and {@code version} in Kubo's shapes. The identity is the block store's (as Kubo's would be behind
 * ipfs-cluster's proxy), falling back to the cluster peer's when the store has none; the agent says what answers.
 */
final class InfoCommands {
    private final PeerApi peers;

    InfoCommands(PeerApi peers) {
        this.peers = peers;
    }

    HttpResponse id(ServiceRequestContext ctx, HttpRequest req) {
        return Blocking.json(ctx, () -> {
            PeerInfo p = peers.id();
            String id = p.ipfs().id().isEmpty() ? p.id().toString() : p.ipfs().id();
            List<String> args = ctx.queryParams().getAll("arg");
            if (args.size() > 1 || (args.size() == 1 && !args.get(0).equals(id))) {
                throw ClusterException.badRequest("id: only this node's identity can be asked for, not '"
                        + Excerpt.of(args.get(0)) + "'");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ID", id);
            m.put("PublicKey", "");
            m.put("Addresses", p.ipfs().id().isEmpty() ? p.addresses() : p.ipfs().addresses());
            m.put("AgentVersion", "pincluster/" + peers.version());
            m.put("ProtocolVersion", "ipfs/0.1.0");
            m.put("Protocols", List.of());
            return m;
        });
    }

    HttpResponse version(ServiceRequestContext ctx, HttpRequest req) {
        return Blocking.json(ctx, () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Version", peers.version());
            m.put("Commit", "");
            m.put("Repo", "");
            m.put("System", System.getProperty("os.arch") + "/" + System.getProperty("os.name").toLowerCase());
            m.put("Golang", "");
            return m;
        });
    }
}
