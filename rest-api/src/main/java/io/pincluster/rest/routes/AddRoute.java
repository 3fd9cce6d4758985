package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.multipart.Multipart;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.AddApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.http.NdjsonWriter;
import io.pincluster.rest.json.AddedOutputJson;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.query.AddOptionsQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code POST /add}: a Kubo-style multipart upload streamed part by part into {@link AddApi#add}; the output
 * lines are streamed back as they come ({@code stream-channels=false}: one JSON array at the end).
 */
public final class AddRoute {
    private final AddApi api;
    private final AddOptionsQuery addOptions;
    private final Duration partTimeout;

    public AddRoute(AddApi api, AddOptionsQuery addOptions, Duration partTimeout) {
        this.api = api;
        this.addOptions = addOptions;
        this.partTimeout = partTimeout;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.POST, "/add", this::add);
    }

    private HttpResponse add(ServiceRequestContext ctx, HttpRequest req) {
        AddOptionsQuery.AddParams params;
        try {
            MediaType type = req.contentType();
            if (type == null || !type.is(MediaType.MULTIPART_FORM_DATA)) {
                throw ClusterException.badRequest("/add needs a multipart/form-data body");
            }
            if (type.parameters().get("boundary") == null || type.parameters().get("boundary").isEmpty()) {
                throw ClusterException.badRequest("/add: the multipart/form-data content type has no boundary");
            }
            params = addOptions.parse(ctx.queryParams());
            long declared = req.headers().contentLength();
            if (ctx.maxRequestLength() > 0 && declared > ctx.maxRequestLength()) {
                throw new ClusterException(ErrorCode.PAYLOAD_TOO_LARGE, "upload of " + declared
                        + " bytes is larger than the limit of " + ctx.maxRequestLength() + " bytes");
            }
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        ctx.clearRequestTimeout(); // an upload of gigabytes: each part's wait is bounded instead (partTimeout)
        MultipartUploads parts = new MultipartUploads(partTimeout);
        Multipart.from(req).bodyParts().subscribe(parts, ctx.eventLoop());
        HttpResponseWriter response = HttpResponse.streaming();
        ResponseHeaders extra = ResponseHeaders.builder(HttpStatus.OK).add("x-chunked-output", "1")
                .add("cache-control", "no-cache").build();
        ctx.blockingTaskExecutor().execute(() -> run(params, parts, new NdjsonWriter(response, HttpStatus.OK, extra,
                ctx.eventLoop())));
        return response;
    }

    private void run(AddOptionsQuery.AddParams params, MultipartUploads parts, NdjsonWriter writer) {
        boolean progress = params.request().progress();
        List<AddedOutputJson> buffered = new ArrayList<>();
        Consumer<AddedOutput> output = out -> {
            if (out.cid() == null && !progress) {
                return;
            }
            if (params.streamChannels()) {
                writer.emit(JsonWire.addedOutput(out));
            } else {
                buffered.add(JsonWire.addedOutput(out));
            }
        };
        try {
            api.add(params.request(), parts, output);
            if (!params.streamChannels()) {
                writer.writeRaw(JsonWire.bytes(buffered));
            }
            writer.finish(null);
        } catch (NdjsonWriter.ClientGoneException gone) {
            parts.cancel();
            writer.abandon();
        } catch (RuntimeException | Error e) {
            parts.cancel();
            writer.finish(e);
        }
    }
}
