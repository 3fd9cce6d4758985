package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /token}. */
public record TokenJson(@JsonProperty("token") String token) {
}
