package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code --wait}: polls {@code GET /pins/<cid>} until every allocated peer (every listed peer for a pin
 * with replication -1) reports the target status, or the timeout passes.
 */
final class StatusWaiter {
    private final RestClient client;
    private final Clock clock;
    private final Duration interval;

    StatusWaiter(RestClient client, Clock clock, Duration interval) {
        this.client = client;
        this.clock = clock;
        this.interval = interval;
    }

    /** Waits for {@code pinned}. {@code timeout} null waits forever. Returns the last status seen. */
    JsonNode untilPinned(String cid, Duration timeout) {
        return await(cid, true, timeout);
    }

    /** Waits until no peer holds or tracks {@code cid} any more. */
    JsonNode untilUnpinned(String cid, Duration timeout) {
        return await(cid, false, timeout);
    }

    private JsonNode await(String cid, boolean pinned, Duration timeout) {
        Instant deadline = timeout == null || timeout.isZero() ? null : clock.instant().plus(timeout);
        while (true) {
            JsonNode status = client.call("GET", "/pins/" + cid);
            if (status != null && (pinned ? allPinned(status) : allUnpinned(status))) {
                return status;
            }
            if (deadline != null && !clock.instant().isBefore(deadline)) {
                throw new WaitTimeoutException("gave up waiting for " + cid + " to be " + (pinned ? "pinned" : "unpinned")
                        + " after " + timeout.toSeconds() + "s" + (status == null ? "" : " (" + summary(status) + ")"));
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException("interrupted while waiting for " + cid, e);
            }
        }
    }

    static boolean allPinned(JsonNode status) {
        JsonNode peers = status.path("peer_map");
        List<String> allocations = Printer.texts(status.path("allocations"));
        if (!allocations.isEmpty()) {
            return allocations.stream().allMatch(p -> "pinned".equals(peers.path(p).path("status").asText()));
        }
        boolean any = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = peers.fields(); it.hasNext(); ) {
            String s = it.next().getValue().path("status").asText();
            if (s.equals("remote")) {
                continue;
            }
            if (!s.equals("pinned")) {
                return false;
            }
            any = true;
        }
        return any;
    }

    static boolean allUnpinned(JsonNode status) {
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("peer_map").fields(); it.hasNext(); ) {
            if (!"unpinned".equals(it.next().getValue().path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    private static String summary(JsonNode status) {
        StringBuilder b = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("peer_map").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append(": ").append(e.getValue().path("status").asText());
        }
        return b.toString();
    }
}
