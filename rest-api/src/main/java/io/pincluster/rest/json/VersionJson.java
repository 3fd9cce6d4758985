package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /version}. */
public record VersionJson(@JsonProperty("version") String version) {
}
