package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code status --summary}: the repair summary of {@code GET /health/repair} as a few lines, or its JSON. */
final class RepairSummaryText {
    private RepairSummaryText() {
    }

    static void print(JsonNode s, Printer out) {
        if (out.json()) {
            out.line(s.toString());
            return;
        }
        int up = 0;
        int suspect = 0;
        List<String> troubled = new ArrayList<>();
        List<String> shedding = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("peers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String state = e.getValue().path("state").asText();
            if (e.getValue().path("disk_pressure").asBoolean()) {
                shedding.add(e.getKey());
            }
            if (state.equals("up")) {
                up++;
            } else {
                suspect += state.equals("suspect") ? 1 : 0;
                troubled.add(e.getKey() + " " + state + " since " + e.getValue().path("since").asText());
            }
        }
        int down = troubled.size() - suspect;
        out.line("peers: " + up + " up, " + suspect + " suspect, " + down + " down");
        troubled.forEach(t -> out.line("  " + t));
        if (!shedding.isEmpty()) {
            out.line("disk pressure: " + String.join(" ", shedding) + " (pins moving off)");
        }
        if (!s.path("leader").asBoolean()) {
            out.line("pin counts: ask the leader (this peer does not lead; see 'pincluster peers ls')");
            return;
        }
        out.line("pins: " + s.path("under_replicated").asLong() + " under-replicated ("
                + s.path("waiting_for_grace").asLong() + " waiting for the repair grace), " + s.path("lost").asLong()
                + " lost, " + s.path("moving").asLong() + " copies moving"
                + (s.path("cold").asLong() > 0 ? ", " + s.path("cold").asLong() + " only in the cold tier (restored on"
                + " repair)" : ""));
        out.line("repair: " + (s.path("enabled").asBoolean() ? "" : "off; ") + s.path("queued").asLong() + " queued, "
                + s.path("in_flight").asLong() + " in flight, " + s.path("repaired").asLong() + " repaired (copies on"
                + " down or removed peers replaced, also those of pins still at their minimum), ETA "
                + s.path("eta_seconds").asLong() + "s");
        List<String> moves = new ArrayList<>();
        s.path("moves_by_kind").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() > 0) {
                moves.add(e.getKey() + " " + e.getValue().asLong());
            }
        });
        if (!moves.isEmpty()) {
            out.line("moves committed: " + String.join(", ", moves));
        }
        JsonNode lost = s.path("lost_sample");
        if (lost.size() > 0) {
            List<String> cids = new ArrayList<>();
            lost.forEach(c -> cids.add(c.asText()));
            out.line("lost: " + String.join(" ", cids));
        }
    }
}
