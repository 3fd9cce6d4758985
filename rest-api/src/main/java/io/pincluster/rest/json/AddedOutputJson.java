package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** One {@code /add} output line; {@code cid} is null on progress lines, the rest omitted when empty (as in Go). */
@JsonPropertyOrder({"name", "cid", "bytes", "size", "allocations"})
public record AddedOutputJson(
        @JsonProperty("name") String name,
        @JsonProperty("cid") String cid,
        @JsonProperty("bytes") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long bytes,
        @JsonProperty("size") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long size,
        @JsonProperty("allocations") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> allocations) {
}
