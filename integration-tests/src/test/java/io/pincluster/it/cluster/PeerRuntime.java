package io.pincluster.it.cluster;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/** A running peer, in this JVM or as a child process; started by {@link TestCluster} or a test, never shared. */
public interface PeerRuntime {
    boolean alive();

    /** Stops the peer abruptly: SIGKILL for a process, an immediate close for an in-JVM peer. */
    void kill();

    /** Asks the peer to stop cleanly (SIGTERM / close) and waits for it. */
    void stop();

    /** The OS process id, when the peer is a process of its own. */
    OptionalLong pid();

    /** The last lines of the peer's own log; in-JVM peers log into the test's output instead. */
    List<String> logTail(int lines) throws IOException;
}
