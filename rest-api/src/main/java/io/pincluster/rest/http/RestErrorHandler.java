package io.pincluster.rest.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpResponseException;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.time.GoDuration;
import java.time.Duration;

/**
 * Gives Armeria's own refusals (no route, wrong method, body too large) ipfs-cluster's JSON error shape, and
 * redirects a path with a trailing slash to the path without it (307, so a POST stays a POST).
 */
public final class RestErrorHandler implements ServerErrorHandler {
    /** How an error body is written: the REST API's {@code {"code","message"}} unless a listener speaks another API. */
    @FunctionalInterface
    public interface ErrorShape {
        AggregatedHttpResponse render(HttpStatus status, String message);
    }

    private final ErrorShape shape;

    /** Errors in the REST API's shape. */
    public RestErrorHandler() {
        this(ErrorResponses::json);
    }

    /**
     * Errors in {@code shape}: for a listener whose routes answer in another API's error shape, so that refusals
     * made before any route or decorator runs (a request line or path that does not parse, headers or a URI too
     * long) answer in it too.
     */
    public RestErrorHandler(ErrorShape shape) {
        this.shape = shape;
    }

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        if (cause instanceof HttpStatusException || cause instanceof HttpResponseException) {
            return null; // Armeria turns these into a status and then calls renderStatus.
        }
        if (ErrorResponses.unwrap(cause) instanceof RequestTimeoutException) {
            // a route whose answer did not come in time (a pin waiting for a commit): 503, naming the limit
            return timedOut(ctx.config()).toHttpResponse();
        }
        return ErrorResponses.of(cause);
    }

    private AggregatedHttpResponse timedOut(ServiceConfig config) {
        return shape.render(HttpStatus.SERVICE_UNAVAILABLE, "request took longer than the limit of "
                + GoDuration.format(Duration.ofMillis(config.requestTimeoutMillis())) + " (restapi.request_timeout)");
    }

    @Override
    public AggregatedHttpResponse onProtocolViolation(ServiceConfig config, RequestHeaders headers, HttpStatus status,
                                                      String description, Throwable cause) {
        // Armeria's description names what did not parse ("Invalid request path", ...): the client's own input
        return shape.render(status, description == null || description.isBlank() ? message(status)
                : message(status) + ": " + description);
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config,
                                               RequestHeaders headers, HttpStatus status, String description,
                                               Throwable cause) {
        if (status == HttpStatus.NOT_FOUND && headers != null) {
            String redirect = withoutTrailingSlash(headers.path());
            if (redirect != null) {
                return AggregatedHttpResponse.of(ResponseHeaders.builder(HttpStatus.TEMPORARY_REDIRECT)
                        .add(HttpHeaderNames.LOCATION, redirect).build());
            }
        }
        if (cause instanceof RequestTimeoutException) {
            return timedOut(config); // restapi.request_timeout, as configured for this server
        }
        return shape.render(status, message(status));
    }

    /** {@code /pins/?x=1} → {@code /pins?x=1}; null when the path does not end in a slash (or is "/"). */
    static String withoutTrailingSlash(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        if (path.length() <= 1 || !path.endsWith("/")) {
            return null;
        }
        String trimmed = path.replaceAll("/+$", "");
        return (trimmed.isEmpty() ? "/" : trimmed) + (q < 0 ? "" : pathAndQuery.substring(q));
    }

    private static String message(HttpStatus status) {
        return switch (status.code()) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 413 -> "request body too large";
            default -> status.reasonPhrase().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
