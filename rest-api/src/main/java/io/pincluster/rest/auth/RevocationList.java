package io.pincluster.rest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Revoked token IDs ({@code jti}), kept in a JSON file of this peer (written whole, atomically, on every change)
 * so that a restart does not bring revoked tokens back. A revocation by an admin voids the token whoever owns it;
 * one by another user voids it only if it is theirs (a user may only revoke their own tokens, and the server does
 * not need to remember who owns which token). Entries are dropped once every token they could void has expired.
 * The list is per peer: a token revoked on one peer still works on the others (see decision 0007).
 */
public final class RevocationList {
    /** Who revoked a token when it was an admin: it then applies to every owner. */
    static final String ANY_OWNER = "*";
    private static final Pattern JTI = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_ENTRIES = 100_000;

    private record Entry(String owner, long revokedAt) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path file;
    private final Duration keep;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param file where to persist, or null to keep the list in memory only
     * @param keep how long an entry must be kept: the longest a token lives
     */
    public RevocationList(Path file, Duration keep, Clock clock) {
        this.file = file;
        this.keep = keep;
        this.clock = clock;
        if (file != null && Files.exists(file)) {
            load();
        }
    }

    /** True when {@code jti} looks like a token ID this server issues. */
    public static boolean validId(String jti) {
        return jti != null && JTI.matcher(jti).matches();
    }

    /**
     * Revokes {@code jti}: for every owner when {@code byAdmin}, else only the tokens of {@code user}.
     *
     * @throws IllegalStateException the list is full of unexpired entries
     */
    public synchronized void revoke(String jti, String user, boolean byAdmin) {
        if (!validId(jti)) {
            throw new IllegalArgumentException("not a token ID");
        }
        prune();
        if (entries.size() >= MAX_ENTRIES) {
            throw new IllegalStateException("too many revoked tokens");
        }
        Entry old = entries.get(jti);
        if (old != null && old.owner().equals(ANY_OWNER)) {
            return;
        }
        entries.put(jti, new Entry(byAdmin ? ANY_OWNER : user, clock.instant().getEpochSecond()));
        save();
    }

    /** True when the token {@code jti} of {@code owner} was revoked. */
    public synchronized boolean isRevoked(String jti, String owner) {
        Entry e = entries.get(jti);
        return e != null && (e.owner().equals(ANY_OWNER) || e.owner().equals(owner));
    }

    private void prune() {
        long oldest = clock.instant().minus(keep).getEpochSecond();
        entries.values().removeIf(e -> e.revokedAt() < oldest);
    }

    private void load() {
        try {
            for (JsonNode n : mapper.readTree(file.toFile())) {
                entries.put(n.path("jti").asText(), new Entry(n.path("owner").asText(), n.path("revoked_at").asLong()));
            }
            prune();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the revoked tokens in " + file, e);
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        ArrayNode out = mapper.createArrayNode();
        entries.forEach((jti, e) -> out.addObject().put("jti", jti).put("owner", e.owner())
                .put("revoked_at", e.revokedAt()));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(tmp, mapper.writeValueAsBytes(out));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the revoked tokens to " + file, e);
        }
    }
}
