package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.service.membership.Bootstrap;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pincluster run}: an empty folder is initialised on the first start and keeps its identity afterwards; the
 * bootstrap address decides whether the peer joins (another peer's) or starts the cluster (its own).
 */
class RunCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theFirstStartInitialisesTheFolderAndLaterStartsKeepItsIdentity() throws Exception {
        Path peer = dir.resolve("data");
        Map<String, String> env = Map.of("HOSTNAME", "peer-z2", Bootstrap.ENV, "peer-z1:9096");

        DaemonCommand first = RunCommand.prepare(peer, env, stream(out), stream(err));
        assertThat(Files.exists(peer.resolve(ServiceConfigFile.FILE_NAME))).isTrue();
        String identity = Files.readString(peer.resolve(IdentityFile.FILE_NAME));
        assertThat(ServiceConfigFile.load(peer.resolve(ServiceConfigFile.FILE_NAME), Map.of()).cluster().peername())
                .isEqualTo("peer-z2");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("initialised peer");
        assertThat(first.joinSeed()).hasValue("peer-z1:9096");

        out.reset();
        DaemonCommand second = RunCommand.prepare(peer, env, stream(out), stream(err));
        assertThat(Files.readString(peer.resolve(IdentityFile.FILE_NAME))).isEqualTo(identity);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("initialised");
        assertThat(second.joinSeed()).hasValue("peer-z1:9096");
    }

    @Test
    void thePeerTheBootstrapAddressNamesStartsTheClusterInsteadOfJoiningItself() throws Exception {
        DaemonCommand pod0 = RunCommand.prepare(dir.resolve("pod0"), Map.of("PINCLUSTER_CLUSTER_PEERNAME",
                "pincluster-0", Bootstrap.ENV, "pincluster-0.pincluster-peers:9096"), stream(out), stream(err));
        assertThat(pod0.joinSeed()).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("names this peer");

        DaemonCommand alone = RunCommand.prepare(dir.resolve("alone"), Map.of(), stream(out), stream(err));
        assertThat(alone.joinSeed()).as("no bootstrap: a cluster of its own").isEmpty();
    }

    @Test
    void anInvalidBootstrapAddressOrSettingStopsBeforeStartingWithTheConfigurationExitCode() {
        int code = RunCommand.run(dir.resolve("bad"), Map.of(Bootstrap.ENV, "no-port"), stream(out), stream(err));
        assertThat(code).isEqualTo(DaemonCommand.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(Bootstrap.ENV).contains("no-port");

        err.reset();
        code = RunCommand.run(dir.resolve("bad2"), Map.of("PINCLUSTER_CLUSTER_SECRET", "short"), stream(out),
                stream(err));
        assertThat(code).isEqualTo(DaemonCommand.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cluster.secret");
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
