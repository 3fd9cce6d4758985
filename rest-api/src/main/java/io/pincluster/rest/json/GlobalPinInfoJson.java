package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** ipfs-cluster's {@code GlobalPinInfo}; {@code peer_map} is keyed by cluster peer ID. */
@JsonPropertyOrder({"cid", "name", "allocations", "origins", "created", "metadata", "peer_map"})
public record GlobalPinInfoJson(
        @JsonProperty("cid") String cid,
        @JsonProperty("name") String name,
        @JsonProperty("allocations") List<String> allocations,
        @JsonProperty("origins") List<String> origins,
        @JsonProperty("created") String created,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("peer_map") Map<String, PinInfoJson> peerMap) {
}
