package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * ipfs-cluster's {@code api.Alert}: the expired metric's fields, flattened as Go's struct embedding
 * writes them, plus {@code triggered_at} (Unix nanoseconds).
 */
public record AlertJson(
        @JsonUnwrapped MetricJson metric,
        @JsonProperty("triggered_at") long triggeredAt) {
}
