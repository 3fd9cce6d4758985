package io.pincluster.rest.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.multipart.MimeParsingException;
import io.pincluster.core.cid.CidParseException;
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
    /**
     * The longest error message sent. Messages quote client input only as an {@link
     * io.pincluster.core.error.Excerpt}; this is the backstop should one ever quote more.
     */
    public static final int MAX_MESSAGE_CHARS = 1024;
    /** Seconds a client is told to wait before retrying a 503 (a full queue, no leader yet, a timeout). */
    public static final int RETRY_AFTER_SECONDS = 1;

    private ErrorResponses() {
    }

    public static AggregatedHttpResponse json(HttpStatus status, String message) {
        return json(ResponseHeaders.builder(status).contentType(MediaType.JSON).build(), message);
    }

    public static AggregatedHttpResponse json(ResponseHeaders headers, String message) {
        if (headers.status() == HttpStatus.SERVICE_UNAVAILABLE && !headers.contains(HttpHeaderNames.RETRY_AFTER)) {
            headers = headers.toBuilder().set(HttpHeaderNames.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS))
                    .build();
        }
        return AggregatedHttpResponse.of(headers,
                com.linecorp.armeria.common.HttpData.wrap(
                        JsonWire.bytes(new ErrorJson(headers.status().code(), capped(message)))));
    }

    private static String capped(String message) {
        return message == null || message.length() <= MAX_MESSAGE_CHARS ? message
                : message.substring(0, MAX_MESSAGE_CHARS) + io.pincluster.core.error.Excerpt.ELLIPSIS;
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
        if (isClientInput(cause)) {
            return HttpStatus.BAD_REQUEST;
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
        if (cause instanceof MimeParsingException) {
            return "malformed multipart body";
        }
        if (cause instanceof CidParseException) {
            return cause.getMessage(); // quotes no more than a character of the input
        }
        LOG.warn("request failed with an unexpected error", cause);
        return INTERNAL_MESSAGE;
    }

    /**
     * Failures that can only come from what the client sent, wherever a route forgot to catch them: a malformed
     * multipart body (Armeria's parser), a malformed CID or peer ID.
     */
    private static boolean isClientInput(Throwable cause) {
        return cause instanceof MimeParsingException || cause instanceof CidParseException;
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
