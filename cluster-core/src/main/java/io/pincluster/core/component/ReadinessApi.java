package io.pincluster.core.component;

import java.util.List;
import java.util.Optional;

/**
 * Whether this peer can do its work now ({@code GET /health/ready}): for instance, it has no Raft leader, lags the
 * log, or its block store cannot be written (disk full, read-only). Cheap enough for a load balancer's probe every
 * few seconds.
 */
public interface ReadinessApi {
    /** A peer that never reports a problem. */
    ReadinessApi ALWAYS = Optional::empty;

    /**
     * One condition of readiness and how it stands now.
     *
     * @param name   short stable name ({@code raft}, {@code leader}, {@code lag}, {@code store}, {@code disk})
     * @param ok     true while the condition holds
     * @param detail for people: what was seen, and when not ok why this peer is not ready
     */
    record Check(String name, boolean ok, String detail) {
    }

    /** Why this peer is not ready now, or empty when it is. */
    Optional<String> notReadyReason();

    /**
     * Every condition with its outcome, in the order they are judged; the first that is not ok is the reason. By
     * default one check, {@code peer}, made from {@link #notReadyReason()}.
     */
    default List<Check> checks() {
        Optional<String> reason = notReadyReason();
        return List.of(new Check("peer", reason.isEmpty(), reason.orElse("ready")));
    }
}
