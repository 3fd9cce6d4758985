package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /peers}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PeerAddJson(@JsonProperty("peer_id") String peerId) {
}
