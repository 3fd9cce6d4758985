package io.pincluster.gateway.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the errors Armeria produces itself the gateway's JSON error body. Armeria refuses some unsafe paths (dot
 * segments, {@code %2e%2e}, NUL) before any service runs; for those the gateway's own path rules are applied to
 * the raw path again, so the client still learns which rule it broke.
 */
public final class GatewayErrorHandler implements ServerErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);
    static final String PATH_RULES = "invalid request path: dot segments (. or .., also as %2e), NUL bytes (%00), "
            + "malformed percent escapes and unencoded non-ASCII are refused";

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        if (isTimeout(cause)) {
            // gateway.request_timeout passed before the body started streaming (a store that does not answer)
            return GatewayResponses.error(HttpStatus.SERVICE_UNAVAILABLE, "request took longer than the limit of "
                    + io.pincluster.core.time.GoDuration.format(java.time.Duration.ofMillis(
                            ctx.config().requestTimeoutMillis())) + " (gateway.request_timeout)");
        }
        log.error("bug serving {}", ctx.path(), cause);
        return GatewayResponses.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    private static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof com.linecorp.armeria.server.RequestTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public AggregatedHttpResponse onProtocolViolation(ServiceConfig config, RequestHeaders headers, HttpStatus status,
                                                      String description, Throwable cause) {
        return render(headers, status, description);
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
                                               HttpStatus status, String description, Throwable cause) {
        return render(headers, status, description);
    }

    private static AggregatedHttpResponse render(RequestHeaders headers, HttpStatus status, String description) {
        String message = description != null ? description : status.reasonPhrase();
        if (status == HttpStatus.BAD_REQUEST && headers != null) {
            message = explainPath(headers.path(), message);
        } else if (status == HttpStatus.BAD_REQUEST && "Invalid request path".equals(description)) {
            // Armeria keeps no headers for a path it refuses, so the rules are listed instead of pinpointed.
            message = PATH_RULES;
        }
        return GatewayResponses.errorAggregated(status, message);
    }

    private static String explainPath(String rawPath, String fallback) {
        if (rawPath == null) {
            return fallback;
        }
        try {
            GatewayPath.parse(rawPath.split("\\?", 2)[0]);
            return fallback;
        } catch (GatewayRequestException e) {
            return e.getMessage();
        }
    }
}
