package io.pincluster.it;

import org.junit.jupiter.api.Assumptions;

/** The process tests need the peer's daemon command; until the build has it they are skipped, not failed. */
final class PeerAvailability {
    private PeerAvailability() {
    }

    static void assumeDaemonExists() {
        try {
            Class.forName("io.pincluster.service.DaemonCommand");
        } catch (ClassNotFoundException e) {
            Assumptions.abort("io.pincluster.service.DaemonCommand is not in this build yet");
        }
    }
}
