package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.repair.RepairSummary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /health/repair}: the repair planner's last pass, snake_case like the rest of the API. */
public record RepairJson(@JsonProperty("at") String at, @JsonProperty("leader") boolean leader,
                         @JsonProperty("enabled") boolean enabled,
                         @JsonProperty("peers") Map<String, PeerJson> peers,
                         @JsonProperty("under_replicated") long underReplicated,
                         @JsonProperty("waiting_for_grace") long waitingForGrace,
                         @JsonProperty("lost") long lost, @JsonProperty("moving") long moving,
                         @JsonProperty("queued") long queued, @JsonProperty("in_flight") long inFlight,
                         @JsonProperty("repaired") long repaired, @JsonProperty("eta_seconds") long etaSeconds,
                         @JsonProperty("lost_sample") List<String> lostSample) {
    /** One member's state, since when, and the operator's requests ({@code maintenance_until} only when set). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PeerJson(@JsonProperty("state") String state, @JsonProperty("since") String since,
                           @JsonProperty("drain") String drain,
                           @JsonProperty("maintenance_until") String maintenanceUntil) {
    }

    /** One automatic allocation change ({@code GET /health/moves}). */
    public record ChangeJson(@JsonProperty("at") String at, @JsonProperty("cid") String cid,
                             @JsonProperty("from") List<String> from, @JsonProperty("to") List<String> to,
                             @JsonProperty("reason") String reason) {
        public static ChangeJson of(AllocationChange c) {
            return new ChangeJson(WireTime.format(c.at()), c.cid().toString(), ids(c.from()), ids(c.to()),
                    c.reason());
        }
    }

    public static RepairJson of(RepairSummary s) {
        Map<String, PeerJson> peers = new TreeMap<>();
        s.peers().forEach((peer, c) -> peers.put(peer.value(), new PeerJson(c.state(), WireTime.format(c.since()),
                c.drain(), c.maintenanceUntil() == null ? null : WireTime.format(c.maintenanceUntil()))));
        return new RepairJson(WireTime.format(s.at()), s.leader(), s.enabled(), peers, s.underReplicated(),
                s.waitingForGrace(), s.lost(), s.moving(), s.queued(), s.inFlight(), s.repaired(),
                s.eta().toSeconds(), s.lostSample().stream().map(Cid::toString).toList());
    }

    private static List<String> ids(List<PeerId> peers) {
        return peers.stream().map(PeerId::value).toList();
    }
}
