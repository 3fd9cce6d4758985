package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * ipfs-cluster's {@code ID} plus our {@code raft} object (omitted when the peer did not report it), which
 * ipfs-cluster clients ignore as an unknown field.
 */
@JsonPropertyOrder({"id", "addresses", "cluster_peers", "cluster_peers_addresses", "version", "commit",
        "rpc_protocol_version", "error", "ipfs", "peername", "raft"})
public record IdJson(
        @JsonProperty("id") String id,
        @JsonProperty("addresses") List<String> addresses,
        @JsonProperty("cluster_peers") List<String> clusterPeers,
        @JsonProperty("cluster_peers_addresses") List<String> clusterPeersAddresses,
        @JsonProperty("version") String version,
        @JsonProperty("commit") String commit,
        @JsonProperty("rpc_protocol_version") String rpcProtocolVersion,
        @JsonProperty("error") String error,
        @JsonProperty("ipfs") Ipfs ipfs,
        @JsonProperty("peername") String peername,
        @JsonProperty("raft") @JsonInclude(JsonInclude.Include.NON_NULL) Raft raft) {

    /** The block store's identity, as ipfs-cluster's {@code IPFSID}. */
    @JsonPropertyOrder({"id", "addresses", "error"})
    public record Ipfs(@JsonProperty("id") String id, @JsonProperty("addresses") List<String> addresses,
                       @JsonProperty("error") String error) {
    }

    /** Our extension: this peer's view of the Raft log; {@code leader} null while there is none. */
    @JsonPropertyOrder({"role", "term", "commit_index", "applied_index", "lag", "leader"})
    public record Raft(@JsonProperty("role") String role, @JsonProperty("term") long term,
                       @JsonProperty("commit_index") long commitIndex,
                       @JsonProperty("applied_index") long appliedIndex, @JsonProperty("lag") long lag,
                       @JsonProperty("leader") String leader) {
    }
}
