package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * ipfs-cluster's {@code GlobalPinInfo}; {@code peer_map} is keyed by cluster peer ID. {@code external} (ours,
 * decision 0020) holds the external pinning services' statuses by service name, and is left out when empty;
 * {@code cold} (ours, decision 0019) is the pin's archive in the cold tier, left out when it has none: a cluster
 * without either answers exactly as ipfs-cluster does.
 */
@JsonPropertyOrder({"cid", "name", "allocations", "origins", "created", "metadata", "peer_map", "external", "cold"})
public record GlobalPinInfoJson(
        @JsonProperty("cid") String cid,
        @JsonProperty("name") String name,
        @JsonProperty("allocations") List<String> allocations,
        @JsonProperty("origins") List<String> origins,
        @JsonProperty("created") String created,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("peer_map") Map<String, PinInfoJson> peerMap,
        @JsonProperty("external") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, ExternalHolderJson> external,
        @JsonProperty("cold") @JsonInclude(JsonInclude.Include.NON_NULL) ColdJson cold) {
    /** Without an archive. */
    public GlobalPinInfoJson(String cid, String name, List<String> allocations, List<String> origins, String created,
                             Map<String, String> metadata, Map<String, PinInfoJson> peerMap,
                             Map<String, ExternalHolderJson> external) {
        this(cid, name, allocations, origins, created, metadata, peerMap, external, null);
    }

    /** Where the pin's archive is: object key, CAR SHA-256 and size, Filecoin piece CID, when it was archived. */
    @JsonPropertyOrder({"object_key", "sha256", "size", "piece_cid", "archived_at"})
    public record ColdJson(@JsonProperty("object_key") String objectKey, @JsonProperty("sha256") String sha256,
                           @JsonProperty("size") long size, @JsonProperty("piece_cid") String pieceCid,
                           @JsonProperty("archived_at") String archivedAt) {
    }
}
