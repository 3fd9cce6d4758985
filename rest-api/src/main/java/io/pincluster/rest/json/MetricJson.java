package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * ipfs-cluster's {@code api.Metric}: {@code expire} and {@code received_at} are Unix nanoseconds,
 * {@code valid} is decided when answering.
 */
@JsonPropertyOrder({"name", "peer", "value", "expire", "valid", "weight", "partitionable", "received_at"})
public record MetricJson(
        @JsonProperty("name") String name,
        @JsonProperty("peer") String peer,
        @JsonProperty("value") String value,
        @JsonProperty("expire") long expire,
        @JsonProperty("valid") boolean valid,
        @JsonProperty("weight") long weight,
        @JsonProperty("partitionable") boolean partitionable,
        @JsonProperty("received_at") long receivedAt) {
}
