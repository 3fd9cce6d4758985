package io.pincluster.rest.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.rest.json.JsonWire;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives every error the proxy answers Kubo's shape, {@code {"Message","Code","Type":"error"}}, wherever it came
 * from: the shared authentication and role checks, the error handler and the routes all write the REST API's
 * {@code {"code","message"}} (through {@code ErrorResponses}), and this outermost decorator rewrites those bodies, so
 * no error path needs a second implementation. Error bodies are small single chunks; a success passes untouched.
 */
final class KuboErrors implements DecoratingHttpServiceFunction {
    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        AtomicBoolean error = new AtomicBoolean();
        return delegate.serve(ctx, req).mapHeaders(h -> {
            if (h.status().code() < 400) {
                return h;
            }
            error.set(true);
            // the body changes length; Armeria frames it again
            return h.toBuilder().removeAndThen(HttpHeaderNames.CONTENT_LENGTH).contentType(MediaType.JSON).build();
        }).mapData(data -> error.get() ? reshape(data) : data);
    }

    /** The Kubo body for a REST-shaped one; other bodies (already Kubo-shaped, or not JSON) are kept. */
    static HttpData reshape(HttpData data) {
        try {
            JsonNode node = JsonWire.mapper().readTree(data.array());
            if (node == null || !node.isObject() || !node.has("code") || !node.has("message")) {
                return data;
            }
            return HttpData.wrap(body(node.get("code").asInt(), node.get("message").asText()));
        } catch (IOException e) {
            return data;
        }
    }

    /** Kubo's error body for an HTTP status. */
    static byte[] body(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Message", message);
        m.put("Code", code(status));
        m.put("Type", "error");
        return JsonWire.bytes(m);
    }

    /**
     * go-ipfs-cmds' error types: 0 normal, 1 client (bad input), 3 not found, 5 rate limited, 6 forbidden (Kubo's
     * answer to a missing or wrong API authorization).
     */
    static int code(int status) {
        return switch (status) {
            case 401, 403 -> 6;
            case 404 -> 3;
            case 429 -> 5;
            default -> status >= 400 && status < 500 ? 1 : 0;
        };
    }

    /** The same, aggregated: how the proxy's error handler answers refusals made before any decorator runs. */
    static AggregatedHttpResponse aggregated(HttpStatus status, String message) {
        return AggregatedHttpResponse.of(ResponseHeaders.builder(status).contentType(MediaType.JSON).build(),
                HttpData.wrap(body(status.code(), message)));
    }

    static HttpResponse of(HttpStatus status, String message) {
        return HttpResponse.of(ResponseHeaders.builder(status).contentType(MediaType.JSON).build(),
                HttpData.wrap(body(status.code(), message)));
    }
}
