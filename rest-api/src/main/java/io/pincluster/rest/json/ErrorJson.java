package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** ipfs-cluster's REST error body; {@code code} repeats the HTTP status. */
@JsonPropertyOrder({"code", "message"})
public record ErrorJson(@JsonProperty("code") int code, @JsonProperty("message") String message) {
}
