package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** ipfs-cluster's {@code api.Alert}: the expired metric's fields plus {@code triggered_at} (Unix nanoseconds). */
@JsonPropertyOrder({"name", "peer", "value", "expire", "valid", "weight", "partitionable", "received_at",
        "triggered_at"})
public record AlertJson(
        @JsonProperty("name") String name,
        @JsonProperty("peer") String peer,
        @JsonProperty("value") String value,
        @JsonProperty("expire") long expire,
        @JsonProperty("valid") boolean valid,
        @JsonProperty("weight") long weight,
        @JsonProperty("partitionable") boolean partitionable,
        @JsonProperty("received_at") long receivedAt,
        @JsonProperty("triggered_at") long triggeredAt) {
}
