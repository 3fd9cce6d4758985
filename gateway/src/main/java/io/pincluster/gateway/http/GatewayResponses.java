package io.pincluster.gateway.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import java.util.LinkedHashMap;
import java.util.Map;

/** The headers every content response carries, and the JSON error body every refusal carries. */
final class GatewayResponses {
    /** What real gateways send for {@code /ipfs} content: a CID's bytes never change. */
    static final String IMMUTABLE = "public, max-age=29030400, immutable";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayResponses() {
    }

    /** Headers for a response about immutable content, identified by {@code etag} (already quoted). */
    static ResponseHeadersBuilder content(HttpStatus status, String etag, String ipfsPath) {
        return ResponseHeaders.builder(status)
                .set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.CACHE_CONTROL, IMMUTABLE)
                .set("x-ipfs-path", ipfsPath)
                .set(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    }

    static String etag(Cid cid, String suffix) {
        return "\"" + CidText.format(cid) + (suffix == null ? "" : suffix) + "\"";
    }

    /** True when an If-None-Match header lists {@code etag} (weak or strong) or is {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    static HttpResponse notModified(String etag, String ipfsPath) {
        return HttpResponse.of(content(HttpStatus.NOT_MODIFIED, etag, ipfsPath).build());
    }

    /** A refusal with {@code {"code": <status>, "message": ...}}. */
    static HttpResponse error(HttpStatus status, String message) {
        return errorAggregated(status, message).toHttpResponse();
    }

    static AggregatedHttpResponse errorAggregated(HttpStatus status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", status.code());
        body.put("message", message);
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            json = "{\"code\":" + status.code() + "}";
        }
        ResponseHeaders headers = ResponseHeaders.builder(status)
                .contentType(MediaType.JSON_UTF_8)
                .set(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .build();
        return AggregatedHttpResponse.of(headers, HttpData.ofUtf8(json));
    }
}
