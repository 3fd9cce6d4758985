package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * ipfs-cluster's {@code GlobalPinInfo}; {@code peer_map} is keyed by cluster peer ID. {@code external} (ours,
 * decision 0020) holds the external pinning services' statuses by service name, and is left out when empty, so a
 * cluster without external services answers exactly as ipfs-cluster does.
 */
@JsonPropertyOrder({"cid", "name", "allocations", "origins", "created", "metadata", "peer_map", "external"})
public record GlobalPinInfoJson(
        @JsonProperty("cid") String cid,
        @JsonProperty("name") String name,
        @JsonProperty("allocations") List<String> allocations,
        @JsonProperty("origins") List<String> origins,
        @JsonProperty("created") String created,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("peer_map") Map<String, PinInfoJson> peerMap,
        @JsonProperty("external") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, ExternalHolderJson> external) {
}
