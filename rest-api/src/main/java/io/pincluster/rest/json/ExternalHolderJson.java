package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One entry of a status's {@code external} map (decision 0020): an external pinning service's status of the CID,
 * {@code absent} or {@code error}; its request ID omitted when none.
 */
@JsonPropertyOrder({"status", "request_id", "timestamp", "error"})
public record ExternalHolderJson(
        @JsonProperty("status") String status,
        @JsonProperty("request_id") @JsonInclude(JsonInclude.Include.NON_EMPTY) String requestId,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("error") String error) {
}
