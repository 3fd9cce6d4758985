package io.pincluster.it.cluster;

import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** A peer started in the test JVM through the daemon's composition root, {@link ClusterAssembly#start}. */
final class InJvmPeer implements PeerRuntime {
    private final ClusterAssembly assembly;
    private volatile boolean alive = true;

    private InJvmPeer(ClusterAssembly assembly) {
        this.assembly = assembly;
    }

    /** Loads the folder exactly as {@code daemon <dir>} does and starts the peer. */
    static InJvmPeer start(Path dir) throws IOException {
        ServiceConfig config = ServiceConfigFile.load(dir.resolve(ServiceConfigFile.FILE_NAME), Map.of());
        return new InJvmPeer(ClusterAssembly.start(dir, config, IdentityFile.read(dir.resolve(IdentityFile.FILE_NAME))));
    }

    @Override
    public boolean alive() {
        return alive;
    }

    @Override
    public void kill() {
        stop();
    }

    @Override
    public void stop() {
        alive = false;
        assembly.close();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public List<String> logTail(int lines) {
        return List.of("(in-JVM peer: its log lines are in the test output)");
    }
}
