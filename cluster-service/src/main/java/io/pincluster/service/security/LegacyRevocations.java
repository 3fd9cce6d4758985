package io.pincluster.service.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.token.TokenRevocation;
import io.pincluster.core.token.TokenRevocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retires the per-peer revocation file of earlier builds ({@code revoked-tokens.json}, decision 0007): its
 * revocations are submitted once to the cluster's replicated record, then the file is renamed
 * {@code revoked-tokens.json.imported} and never read again. Until every one is committed (a quorum may not be up
 * yet when the peer starts; it is retried every few seconds) this peer keeps refusing them from the file, so no
 * revoked token comes back during the upgrade. Revocations that other peers' files held reach the record when
 * those peers are upgraded.
 */
public final class LegacyRevocations implements TokenRevocations, AutoCloseable {
    /** The file name earlier builds kept in the peer folder. */
    public static final String FILE = "revoked-tokens.json";
    /** What the file is renamed to once imported. */
    public static final String IMPORTED_SUFFIX = ".imported";
    /** How long earlier builds kept an entry, and how long a revoked token could still be valid. */
    private static final Duration KEPT = Duration.ofDays(30);
    private static final String ANY_OWNER = "*";
    private static final Logger LOG = LoggerFactory.getLogger(LegacyRevocations.class);

    private final TokenRevocations cluster;
    private final Path file;
    private final Duration retry;
    private final ScheduledExecutorService timer;
    private volatile List<TokenRevocation> pending;

    private LegacyRevocations(TokenRevocations cluster, Path file, List<TokenRevocation> pending, Duration retry) {
        this.cluster = cluster;
        this.file = file;
        this.pending = pending;
        this.retry = retry;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "revocation-import");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The cluster's revocations, plus those of {@code peerDir}'s old file until they are imported, which starts now
     * in the background. A peer folder without the file gets {@code cluster} itself.
     */
    public static TokenRevocations importing(Path peerDir, TokenRevocations cluster, Clock clock, Duration retry) {
        Path file = peerDir.resolve(FILE);
        if (!Files.exists(file)) {
            return cluster;
        }
        List<TokenRevocation> entries = read(file, clock.instant());
        LegacyRevocations legacy = new LegacyRevocations(cluster, file, entries, retry);
        legacy.timer.execute(legacy::importOnce);
        return legacy;
    }

    /** The unexpired revocations of an old file; an unreadable file is an error (its revocations must not vanish). */
    static List<TokenRevocation> read(Path file, Instant now) {
        List<TokenRevocation> out = new ArrayList<>();
        try {
            for (JsonNode n : new ObjectMapper().readTree(file.toFile())) {
                String jti = n.path("jti").asText("");
                String owner = n.path("owner").asText("");
                Instant expires = Instant.ofEpochSecond(n.path("revoked_at").asLong()).plus(KEPT);
                if (!TokenRevocation.validTokenId(jti) || owner.isEmpty() || !expires.isAfter(now)) {
                    continue;
                }
                out.add(new TokenRevocation(jti, owner.equals(ANY_OWNER) ? null : owner, expires));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the revoked tokens in " + file + ": " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }

    private void importOnce() {
        try {
            List<TokenRevocation> left = new ArrayList<>(pending);
            while (!left.isEmpty()) {
                cluster.revoke(left.get(0));
                left.remove(0);
                pending = List.copyOf(left);
            }
            Files.move(file, file.resolveSibling(FILE + IMPORTED_SUFFIX), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            LOG.info("imported the revoked tokens of {} into the cluster's record; the file is retired", file);
        } catch (IOException | RuntimeException e) {
            LOG.info("revoked tokens of {} not imported yet ({}); retrying in {}", file, e.getMessage(), retry);
            if (!timer.isShutdown()) {
                timer.schedule(this::importOnce, retry.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** True once every revocation of the file is in the cluster's record and the file is renamed. */
    public boolean imported() {
        return pending.isEmpty() && !Files.exists(file);
    }

    @Override
    public void revoke(TokenRevocation revocation) {
        cluster.revoke(revocation);
    }

    @Override
    public int revokedBy(String user) {
        return cluster.revokedBy(user); // the file's pending ones were an admin's import, not the user's requests
    }

    @Override
    public boolean isRevoked(String tokenId, String user) {
        if (cluster.isRevoked(tokenId, user)) {
            return true;
        }
        for (TokenRevocation r : pending) {
            if (r.voids(tokenId, user)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
