package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** ipfs-cluster's {@code PinInfoShort}: one entry of a {@code peer_map}; IPFS id and addresses omitted when empty. */
@JsonPropertyOrder({"peername", "ipfs_peer_id", "ipfs_peer_addresses", "status", "timestamp", "error",
        "attempt_count", "priority_pin"})
public record PinInfoJson(
        @JsonProperty("peername") String peername,
        @JsonProperty("ipfs_peer_id") @JsonInclude(JsonInclude.Include.NON_EMPTY) String ipfsPeerId,
        @JsonProperty("ipfs_peer_addresses") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<String> ipfsPeerAddresses,
        @JsonProperty("status") String status,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("error") String error,
        @JsonProperty("attempt_count") int attemptCount,
        @JsonProperty("priority_pin") boolean priorityPin) {
}
