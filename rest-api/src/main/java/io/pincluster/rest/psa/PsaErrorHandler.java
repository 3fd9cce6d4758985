package io.pincluster.rest.psa;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpResponseException;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Every error Armeria itself answers (unknown path, wrong method, body too large, timeout) in the spec's
 * {@code Failure} shape, as the routes answer theirs.
 */
final class PsaErrorHandler implements ServerErrorHandler {
    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        if (cause instanceof HttpStatusException || cause instanceof HttpResponseException) {
            return null; // Armeria turns these into a status and then calls renderStatus
        }
        if (cause instanceof RequestTimeoutException) {
            return PsaErrors.of(HttpStatus.SERVICE_UNAVAILABLE, "TIMEOUT", "the request took longer than "
                    + ctx.config().requestTimeoutMillis() + " ms (psa.request_timeout)");
        }
        return PsaErrors.of(cause);
    }

    @Override
    public AggregatedHttpResponse onProtocolViolation(ServiceConfig config, RequestHeaders headers, HttpStatus status,
                                                      String description, Throwable cause) {
        return render(status);
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config,
                                               RequestHeaders headers, HttpStatus status, String description,
                                               Throwable cause) {
        return render(status);
    }

    private static AggregatedHttpResponse render(HttpStatus status) {
        String reason = status.reasonPhrase().toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
        return AggregatedHttpResponse.of(status, MediaType.JSON_UTF_8, PsaErrors.body(reason, status.toString()));
    }
}
