package io.pincluster.rest.proxy;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.ContentApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.rest.http.ErrorResponses;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code cat}: the bytes of a file this peer can read (its own store, or the cluster's other peers through the
 * same fallback the gateway uses), streamed from a blocking thread, with Kubo's {@code offset} and {@code length}.
 */
final class CatCommand {
    private static final int CHUNK = 64 * 1024;

    private final ContentApi content;

    CatCommand(ContentApi content) {
        this.content = content;
    }

    HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        Cid root;
        List<String> path;
        long offset;
        long length;
        try {
            List<String> args = KuboArgs.args(ctx.queryParams(), "cat", 1);
            if (args.size() > 1) {
                throw ClusterException.badRequest("cat: takes one path, not " + args.size());
            }
            List<String> segments = KuboArgs.segments(args.get(0));
            root = KuboArgs.parse(segments.get(0));
            path = segments.subList(1, segments.size());
            offset = KuboArgs.count(ctx.queryParams(), "offset", 0);
            length = KuboArgs.count(ctx.queryParams(), "length", -1);
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        ctx.clearRequestTimeout(); // a large file streams for as long as the client reads
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            try {
                ContentApi.FileContent file = content.openFile(root, path, offset, length);
                ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.PLAIN_TEXT)
                        .add("x-stream-output", "1").build();
                StreamMessage<HttpData> body = StreamMessage.builder(file.content())
                        .executor(ctx.blockingTaskExecutor()).bufferSize(CHUNK).build();
                return HttpResponse.of(headers, body);
            } catch (RuntimeException e) {
                return ErrorResponses.of(e);
            }
        }, ctx.blockingTaskExecutor()));
    }
}
