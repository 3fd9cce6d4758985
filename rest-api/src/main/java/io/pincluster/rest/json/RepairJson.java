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
                         @JsonProperty("repaired") long repaired,
                         @JsonProperty("moves_by_kind") Map<String, Long> movesByKind,
                         @JsonProperty("eta_seconds") long etaSeconds,
                         @JsonProperty("lost_sample") List<String> lostSample,
                         // only when the cold tier has such pins (decision 0019): clients of before see what they knew
                         @JsonProperty("cold") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long cold) {
    /**
     * One member's state, since when, the operator's requests ({@code maintenance_until} only when set), and whether
     * the leader is moving pins off it because its disk is full.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PeerJson(@JsonProperty("state") String state, @JsonProperty("since") String since,
                           @JsonProperty("drain") String drain,
                           @JsonProperty("maintenance_until") String maintenanceUntil,
                           @JsonProperty("disk_pressure") boolean diskPressure) {
    }

    /** One automatic allocation change ({@code GET /health/moves}). */
    public record ChangeJson(@JsonProperty("at") String at, @JsonProperty("cid") String cid,
                             @JsonProperty("from") List<String> from, @JsonProperty("to") List<String> to,
                             @JsonProperty("kind") String kind, @JsonProperty("reason") String reason) {
        public static ChangeJson of(AllocationChange c) {
            return new ChangeJson(WireTime.format(c.at()), c.cid().toString(), ids(c.from()), ids(c.to()),
                    c.kind().wireName(), c.reason());
        }
    }

    public static RepairJson of(RepairSummary s) {
        Map<String, PeerJson> peers = new TreeMap<>();
        s.peers().forEach((peer, c) -> peers.put(peer.value(), new PeerJson(c.state(), WireTime.format(c.since()),
                c.drain(), c.maintenanceUntil() == null ? null : WireTime.format(c.maintenanceUntil()),
                c.diskPressure())));
        Map<String, Long> moves = new TreeMap<>();
        s.moves().forEach((kind, n) -> moves.put(kind.wireName(), n));
        return new RepairJson(WireTime.format(s.at()), s.leader(), s.enabled(), peers, s.underReplicated(),
                s.waitingForGrace(), s.lost(), s.moving(), s.queued(), s.inFlight(), s.repaired(), moves,
                s.eta().toSeconds(), s.lostSample().stream().map(Cid::toString).toList(), s.cold());
    }

    private static List<String> ids(List<PeerId> peers) {
        return peers.stream().map(PeerId::value).toList();
    }
}
