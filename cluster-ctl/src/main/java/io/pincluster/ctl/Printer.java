package io.pincluster.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes API objects to stdout: with {@code --enc json} the JSON as the server sent it (indented), with
 * {@code --enc text} in ipfs-cluster-ctl's layout. Fields the server left out print as empty.
 */
final class Printer {
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final PrintStream out;
    private final boolean json;
    private final ObjectMapper mapper;

    Printer(PrintStream out, boolean json, ObjectMapper mapper) {
        this.out = out;
        this.json = json;
        this.mapper = mapper;
    }

    boolean json() {
        return json;
    }

    void raw(JsonNode node) {
        try {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serialises", e);
        }
    }

    /** {@code <cid> | <name> | PIN | Repl. Factor: 2--3 | Allocations: [..] | Recursive | Metadata: no | Exp: ∞ | Added: <time>}. */
    void pin(JsonNode pin) {
        if (json) {
            raw(pin);
            return;
        }
        int min = pin.path("replication_factor_min").asInt(0);
        int max = pin.path("replication_factor_max").asInt(0);
        String allocations = min == -1 ? "[everywhere]" : "[" + String.join(" ", texts(pin.path("allocations"))) + "]";
        String mode = pin.path("max_depth").asInt(-1) == 0 || "direct".equals(pin.path("mode").asText())
                ? "Direct" : "Recursive";
        String expireAt = pin.path("expire_at").asText("");
        String expiry = expireAt.isEmpty() || expireAt.equals(ZERO_TIME) ? "∞" : expireAt;
        boolean hasMetadata = pin.path("metadata").isObject() && pin.path("metadata").size() > 0;
        out.printf("%s | %s | %s | Repl. Factor: %d--%d | Allocations: %s | %s | Metadata: %s | Exp: %s | Added: %s%n",
                pin.path("cid").asText(), pin.path("name").asText(""),
                pin.path("type").asText("pin").toUpperCase(Locale.ROOT).replace("-PIN", "_PIN"),
                min, max, allocations, mode, hasMetadata ? "yes" : "no", expiry, pin.path("timestamp").asText(""));
    }

    /**
     * {@code <cid> | <name>:} then one line per peer, sorted by peer ID:
     * {@code     > <peername> : PINNED | <time> | Attempts: 0 | Priority: false}.
     */
    void status(JsonNode info) {
        if (json) {
            raw(info);
            return;
        }
        StringBuilder b = new StringBuilder(info.path("cid").asText());
        String name = info.path("name").asText("");
        if (!name.isEmpty()) {
            b.append(" | ").append(name);
        }
        b.append(":\n");
        for (Map.Entry<String, JsonNode> e : sortedFields(info.path("peer_map")).entrySet()) {
            JsonNode p = e.getValue();
            String peerName = p.path("peername").asText("");
            b.append(String.format("    > %-20s : %s", peerName.isEmpty() ? e.getKey() : peerName,
                    p.path("status").asText("undefined").toUpperCase(Locale.ROOT)));
            String error = p.path("error").asText("");
            if (!error.isEmpty()) {
                b.append(": ").append(error);
            }
            b.append(" | ").append(p.path("timestamp").asText(""))
                    .append(" | Attempts: ").append(p.path("attempt_count").asInt(0))
                    .append(" | Priority: ").append(p.path("priority_pin").asBoolean(false))
                    .append('\n');
        }
        // external pinning services holding extra copies (decision 0020), after the cluster's own peers
        for (Map.Entry<String, JsonNode> e : sortedFields(info.path("external")).entrySet()) {
            JsonNode x = e.getValue();
            b.append(String.format("    > %-20s : %s", "external:" + e.getKey(),
                    x.path("status").asText("undefined").toUpperCase(Locale.ROOT)));
            String error = x.path("error").asText("");
            if (!error.isEmpty()) {
                b.append(": ").append(error);
            }
            b.append(" | ").append(x.path("timestamp").asText("")).append('\n');
        }
        out.print(b);
    }

    /** A peer's {@code /id}: its ID, name, how many other peers it sees, its addresses and block store. */
    void peer(JsonNode id) {
        if (json) {
            raw(id);
            return;
        }
        String error = id.path("error").asText("");
        if (!error.isEmpty()) {
            out.printf("%s | ERROR: %s%n", id.path("id").asText(), error);
            return;
        }
        int others = Math.max(0, id.path("cluster_peers").size() - 1);
        out.printf("%s | %s | Sees %d other peers%n", id.path("id").asText(), id.path("peername").asText(""), others);
        List<String> addresses = texts(id.path("addresses"));
        if (!addresses.isEmpty()) {
            out.println("  > Addresses:");
            addresses.forEach(a -> out.println("    - " + a));
        }
        JsonNode raft = id.path("raft");
        if (raft.isObject()) {
            String role = raft.path("role").asText("?");
            out.printf("  > Raft: %s%s | term %s | leader %s%n", role, voting(role),
                    raft.path("term").asText("?"), raft.path("leader").asText("none"));
        }
        JsonNode ipfs = id.path("ipfs");
        if (ipfs.isObject() && !ipfs.path("id").asText("").isEmpty()) {
            out.println("  > IPFS: " + ipfs.path("id").asText());
            texts(ipfs.path("addresses")).forEach(a -> out.println("    - " + a));
        }
    }

    /** Whether a Raft role votes (decision 0013): listeners hold the pinset but do not count for quorum. */
    private static String voting(String role) {
        return switch (role.toLowerCase(java.util.Locale.ROOT)) {
            case "leader", "follower", "candidate" -> " (voter)";
            case "listener" -> " (no vote)";
            default -> "";
        };
    }

    /** One {@code /add} result line: {@code added <cid> <name>}, or only the CID when quiet. */
    void added(JsonNode added, boolean quiet) {
        if (json) {
            raw(added);
        } else if (quiet) {
            out.println(added.path("cid").asText());
        } else {
            out.printf("added %s %s%n", added.path("cid").asText(), added.path("name").asText(""));
        }
    }

    /**
     * {@code POST /ipfs/gc}: per peer, sorted by peer ID, {@code <peername> | <n> blocks removed} (or
     * {@code | ERROR: <error>}) followed by one {@code     - <cid>} line per removed block.
     */
    void repoGc(JsonNode answer) {
        if (json) {
            raw(answer);
            return;
        }
        for (Map.Entry<String, JsonNode> e : sortedFields(answer.path("peer_map")).entrySet()) {
            JsonNode p = e.getValue();
            String peerName = p.path("peername").asText("");
            String who = peerName.isEmpty() ? e.getKey() : peerName;
            String error = p.path("error").asText("");
            if (!error.isEmpty()) {
                out.printf("%s | ERROR: %s%n", who, error);
                continue;
            }
            out.printf("%s | %d blocks removed%n", who, p.path("keys").size());
            p.path("keys").forEach(k -> out.println("    - " + k.path("key").asText()));
        }
    }

    void version(JsonNode version) {
        if (json) {
            raw(version);
        } else {
            out.println(version.path("version").asText());
        }
    }

    void line(String text) {
        out.println(text);
    }

    static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> list.add(n.asText()));
        }
        return list;
    }

    private static Map<String, JsonNode> sortedFields(JsonNode object) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue());
        }
        return sorted;
    }
}
