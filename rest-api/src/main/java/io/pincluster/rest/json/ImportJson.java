package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer to {@code POST /state/import}: how many pins were committed, how many failed, and the first failures
 * with their line in the request body.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportJson(@JsonProperty("code") Integer code, @JsonProperty("message") String message,
                         @JsonProperty("imported") int imported, @JsonProperty("failed") int failed,
                         @JsonProperty("failures") List<Failure> failures) {
    /** One pin the cluster did not take. */
    public record Failure(@JsonProperty("line") int line, @JsonProperty("cid") String cid,
                          @JsonProperty("code") int code, @JsonProperty("message") String message) {
    }
}
