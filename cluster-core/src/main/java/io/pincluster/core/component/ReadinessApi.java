package io.pincluster.core.component;

import java.util.Optional;

/**
 * Whether this peer can do its work now ({@code GET /health/ready}): for instance, its block store or pin journal
 * cannot be written (disk full, read-only). Cheap enough for a load balancer's probe every few seconds.
 */
public interface ReadinessApi {
    /** A peer that never reports a problem. */
    ReadinessApi ALWAYS = Optional::empty;

    /** Why this peer is not ready now, or empty when it is. */
    Optional<String> notReadyReason();
}
