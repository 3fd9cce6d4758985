package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The answer to {@code POST /pins} (many CIDs): counts, and one item per CID in request order, either the pin
 * (as {@code POST /pins/{cid}} returns it) or a {@link Failure}. When something failed, {@code code} and
 * {@code message} summarize it as in every other error body.
 */
@JsonPropertyOrder({"code", "message", "pinned", "failed", "items"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PinBatchJson(@JsonProperty("code") Integer code, @JsonProperty("message") String message,
                           @JsonProperty("pinned") int pinned, @JsonProperty("failed") int failed,
                           @JsonProperty("items") List<Object> items) {
    /** One CID that was not pinned, with the status and message {@code POST /pins/{cid}} would have answered. */
    @JsonPropertyOrder({"cid", "code", "message"})
    public record Failure(@JsonProperty("cid") String cid, @JsonProperty("code") int code,
                          @JsonProperty("message") String message) {
    }
}
