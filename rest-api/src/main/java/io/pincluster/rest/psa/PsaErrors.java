package io.pincluster.rest.psa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.psa.PsaQuotaExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors in the spec's {@code Failure} shape, {@code {"error":{"reason":"...","details":"..."}}}: {@code reason} a
 * fixed code for machines, {@code details} what went wrong for people.
 */
final class PsaErrors {
    private static final Logger LOG = LoggerFactory.getLogger(PsaErrors.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PsaErrors() {
    }

    static HttpResponse of(HttpStatus status, String reason, String details) {
        return HttpResponse.of(ResponseHeaders.of(status, HttpHeaderNames.CONTENT_TYPE, MediaType.JSON_UTF_8),
                com.linecorp.armeria.common.HttpData.wrap(body(reason, details)));
    }

    static byte[] body(String reason, String details) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error").put("reason", reason);
        if (details != null) {
            error.put("details", details);
        }
        return root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static HttpResponse badRequest(String details) {
        return of(HttpStatus.BAD_REQUEST, "BAD_REQUEST", details);
    }

    static HttpResponse notFound(String details) {
        return of(HttpStatus.NOT_FOUND, "NOT_FOUND", details);
    }

    /** A failure of the cluster call behind a request, by its error code; never a stack trace to the client. */
    static HttpResponse of(Throwable e) {
        if (e instanceof PsaQuotaExceededException q) {
            return of(HttpStatus.CONFLICT, "QUOTA_EXCEEDED", q.getMessage()
                    .replace(PsaQuotaExceededException.MARKER + ": ", ""));
        }
        if (e instanceof ByteQuotaExceededException q) {
            return of(HttpStatus.CONFLICT, "BYTE_QUOTA_EXCEEDED", q.getMessage());
        }
        if (e instanceof com.linecorp.armeria.common.ContentTooLargeException) {
            return of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the body is larger than "
                    + PsaJson.MAX_BODY_BYTES + " bytes");
        }
        if (e instanceof IllegalArgumentException bad) {
            return badRequest(bad.getMessage());
        }
        if (e instanceof ClusterException ce) {
            return switch (ce.code()) {
                case BAD_REQUEST -> badRequest(ce.getMessage());
                case NOT_FOUND -> notFound(ce.getMessage());
                case CONFLICT -> of(HttpStatus.CONFLICT, "CONFLICT", ce.getMessage());
                case NO_QUORUM, UNAVAILABLE -> of(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", ce.getMessage());
                case TIMEOUT -> of(HttpStatus.GATEWAY_TIMEOUT, "TIMEOUT", ce.getMessage());
                default -> internal(e);
            };
        }
        return internal(e);
    }

    private static HttpResponse internal(Throwable e) {
        LOG.warn("Pinning Service API request failed", e);
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_SERVER_ERROR", "the request failed: " + e);
    }
}
