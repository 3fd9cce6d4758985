package io.pincluster.rest.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.pincluster.core.concurrent.Futures;
import io.pincluster.core.error.ClusterException;
import io.pincluster.rest.json.ErrorJson;
import io.pincluster.rest.json.JsonWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into ipfs-cluster's {@code {"code","message"}} bodies. A {@link ClusterException} keeps its
 * status and message; anything else is a bug or an outage and is reported as a generic 500 (logged here,
 * never sent to the client).
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    static final String INTERNAL_MESSAGE = "internal error (see the peer's log)";

    private ErrorResponses() {
    }

    public static AggregatedHttpResponse json(HttpStatus status, String message) {
        return AggregatedHttpResponse.of(status, MediaType.JSON, JsonWire.bytes(new ErrorJson(status.code(), message)));
    }

    public static AggregatedHttpResponse json(ResponseHeaders headers, String message) {
        return AggregatedHttpResponse.of(headers,
                com.linecorp.armeria.common.HttpData.wrap(
                        JsonWire.bytes(new ErrorJson(headers.status().code(), message))));
    }

    public static HttpResponse of(HttpStatus status, String message) {
        return json(status, message).toHttpResponse();
    }

    public static HttpResponse of(Throwable failure) {
        Throwable cause = unwrap(failure);
        return json(status(cause), message(cause)).toHttpResponse();
    }

    public static HttpStatus status(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ClusterException ce) {
            return HttpStatus.valueOf(ce.code().httpStatus());
        }
        if (cause instanceof ContentTooLargeException) {
            return HttpStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    /** The client-facing text; internal failures are logged and replaced by a generic message. */
    public static String message(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ClusterException) {
            return cause.getMessage();
        }
        if (cause instanceof ContentTooLargeException) {
            return "request body too large";
        }
        LOG.warn("request failed with an unexpected error", cause);
        return INTERNAL_MESSAGE;
    }

    /** The failure under the future wrappers and under I/O wrappers, whose cause is what went wrong. */
    public static Throwable unwrap(Throwable t) {
        Throwable cur = Futures.unwrap(t);
        while ((cur instanceof java.io.UncheckedIOException || cur instanceof java.io.IOException)
                && cur.getCause() != null) {
            cur = Futures.unwrap(cur.getCause());
        }
        return cur;
    }
}
