package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** ipfs-cluster's {@code Pin}: the pin options first, then the pin's own fields. */
@JsonPropertyOrder({"replication_factor_min", "replication_factor_max", "name", "mode", "shard_size",
        "user_allocations", "expire_at", "metadata", "pin_update", "origins", "cid", "type", "allocations",
        "max_depth", "reference", "timestamp"})
public record PinJson(
        @JsonProperty("replication_factor_min") int replicationFactorMin,
        @JsonProperty("replication_factor_max") int replicationFactorMax,
        @JsonProperty("name") String name,
        @JsonProperty("mode") String mode,
        @JsonProperty("shard_size") long shardSize,
        @JsonProperty("user_allocations") List<String> userAllocations,
        @JsonProperty("expire_at") String expireAt,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("pin_update") String pinUpdate,
        @JsonProperty("origins") List<String> origins,
        @JsonProperty("cid") String cid,
        @JsonProperty("type") String type,
        @JsonProperty("allocations") List<String> allocations,
        @JsonProperty("max_depth") int maxDepth,
        @JsonProperty("reference") String reference,
        @JsonProperty("timestamp") String timestamp) {
}
