package io.pincluster.service.health;

import java.util.Locale;

/** What this peer believes about another member, from the pings it received. */
public enum PeerState {
    /** A ping arrived within the last one and a half monitor intervals. */
    UP,
    /** Pings are late, but for less than {@code repair.peer_down_after}: nothing moves yet. */
    SUSPECT,
    /** No ping for {@code repair.peer_down_after}: its copies count as gone. */
    DOWN;

    /** The lower-case name used in JSON, metrics and alerts. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
