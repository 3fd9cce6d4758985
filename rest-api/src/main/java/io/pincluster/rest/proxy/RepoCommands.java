package io.pincluster.rest.proxy;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.ContentApi;
import io.pincluster.core.component.GcApi;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.PeerGc;
import io.pincluster.core.error.ClusterException;
import io.pincluster.rest.http.Blocking;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.http.NdjsonWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code repo/stat} (this peer's store, Kubo's numbers) and {@code repo/gc} (every peer collects, as the REST
 * {@code /ipfs/gc}; one {@code {"Key":{"/":cid}}} line per freed block, a failed peer as an {@code {"Error"}} line).
 */
final class RepoCommands {
    private final ContentApi content;
    private final GcApi gc;

    RepoCommands(ContentApi content, GcApi gc) {
        this.content = content;
        this.gc = gc;
    }

    HttpResponse stat(ServiceRequestContext ctx, HttpRequest req) {
        return Blocking.json(ctx, () -> {
            KuboArgs.bool(ctx.queryParams(), "size-only", false);
            KuboArgs.bool(ctx.queryParams(), "human", false);
            NodeConnector.RepoStat s = content.repoStat();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("RepoSize", s.repoSize());
            m.put("StorageMax", s.storageMax());
            m.put("NumObjects", s.numObjects());
            m.put("RepoPath", "");
            m.put("Version", "fs-repo@pincluster");
            return m;
        });
    }

    HttpResponse gc(ServiceRequestContext ctx, HttpRequest req) {
        boolean quiet;
        try {
            quiet = KuboArgs.bool(ctx.queryParams(), "quiet", false);
            KuboArgs.bool(ctx.queryParams(), "stream-errors", false);
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        ctx.clearRequestTimeout(); // a GC of a large store takes as long as it takes; lines flow meanwhile
        HttpResponseWriter response = HttpResponse.streaming();
        NdjsonWriter writer = new NdjsonWriter(response, HttpStatus.OK, ResponseHeaders.builder(HttpStatus.OK)
                .add("x-chunked-output", "1").build(), ctx.eventLoop());
        ctx.blockingTaskExecutor().execute(() -> {
            try {
                List<PeerGc> results = gc.collectGarbage(false);
                for (PeerGc peer : results) {
                    if (!peer.error().isEmpty()) {
                        writer.emit(Map.of("Error", "peer " + peer.peer() + ": " + peer.error()));
                    } else if (!quiet) {
                        for (Cid key : peer.keys()) {
                            writer.emit(Map.of("Key", Map.of("/", key.toString())));
                        }
                    }
                }
                writer.writeRaw(new byte[0]); // nothing freed: an empty 200, not Armeria's "200 OK" text
                writer.finish(null);
            } catch (NdjsonWriter.ClientGoneException gone) {
                writer.abandon();
            } catch (RuntimeException | Error e) {
                writer.finish(e);
            }
        });
        return response;
    }
}
