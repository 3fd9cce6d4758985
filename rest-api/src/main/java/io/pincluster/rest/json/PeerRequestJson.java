package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to an operator request on a peer ({@code DELETE /peers/{id}} of a live peer, {@code /drain},
 * {@code /maintenance}): what now happens to it, in words and as fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PeerRequestJson(@JsonProperty("peer") String peer, @JsonProperty("drain") String drain,
                              @JsonProperty("maintenance_until") String maintenanceUntil,
                              @JsonProperty("message") String message) {
}
