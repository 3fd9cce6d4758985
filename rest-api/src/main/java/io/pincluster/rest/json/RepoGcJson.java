package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pincluster.core.component.PeerGc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /ipfs/gc}: ipfs-cluster's {@code GlobalRepoGC}, one entry per peer keyed by peer ID. */
public record RepoGcJson(@JsonProperty("peer_map") Map<String, PeerGcJson> peerMap) {
    public static RepoGcJson of(List<PeerGc> results) {
        Map<String, PeerGcJson> map = new LinkedHashMap<>();
        for (PeerGc r : results) {
            map.put(r.peer().value(), new PeerGcJson(r.peer().value(), r.peerName(),
                    r.keys().stream().map(k -> new KeyJson(k.toString())).toList(), r.error()));
        }
        return new RepoGcJson(map);
    }

    /** One peer's collection; {@code error} is omitted when it succeeded. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record PeerGcJson(@JsonProperty("peer") String peer, @JsonProperty("peername") String peername,
                             @JsonProperty("keys") @JsonInclude(JsonInclude.Include.ALWAYS) List<KeyJson> keys,
                             @JsonProperty("error") String error) {
    }

    /** One removed block. */
    public record KeyJson(@JsonProperty("key") String key) {
    }
}
