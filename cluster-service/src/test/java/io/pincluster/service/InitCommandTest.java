package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.peer.PeerId;
import io.pincluster.service.cli.Main;
import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.service.identity.PeerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void createsOwnerOnlyIdentityAndConfigWithTheOptions() throws Exception {
        PeerId other = PeerIdentity.generate().peerId();
        String secret = "0f".repeat(32);
        InitCommand.InitResult r = InitCommand.run(dir.resolve("p1"), InitOptions.defaults()
                .withPeername("p1").withPorts(19094, 19098, 18080, 18888).withZone("z1")
                .withBasicAuth(null, "pw").withSecret(secret)
                .withPeers(Map.of(other, ListenAddress.parse("127.0.0.1:29098"))));

        ServiceConfig c = ServiceConfigFile.load(r.configFile(), Map.of());
        assertThat(c).isEqualTo(r.config());
        assertThat(IdentityFile.read(r.identityFile()).peerId()).isEqualTo(r.peerId());
        assertThat(c.cluster().peername()).isEqualTo("p1");
        assertThat(c.cluster().secret()).isEqualTo(secret);
        assertThat(c.cluster().zone()).isEqualTo("z1");
        assertThat(c.restapi().httpListen()).isEqualTo(ListenAddress.loopback(19094));
        assertThat(c.restapi().basicAuthCredentials()).containsEntry("admin", "pw");
        assertThat(c.gateway().listen().port()).isEqualTo(18080);
        assertThat(c.metrics().listen().port()).isEqualTo(18888);
        assertThat(c.metrics().enabled()).as("a metrics port asks for the endpoint").isTrue();
        assertThat(c.consensus().peers()).containsEntry(other, ListenAddress.loopback(29098))
                .containsEntry(r.peerId(), ListenAddress.loopback(19098));
        for (Path f : new Path[] {r.identityFile(), r.configFile()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        }
    }

    @Test
    void hostBindsEveryListenerTheClusterRpcIncluded() throws Exception {
        InitCommand.InitResult r = InitCommand.run(dir.resolve("p1"), InitOptions.defaults().withPeername("p1")
                .withHost("10.1.2.3"));

        ServiceConfig c = ServiceConfigFile.load(r.configFile(), Map.of());
        assertThat(List.of(c.restapi().httpListen(), c.consensus().listen(), c.cluster().rpcListen(),
                c.gateway().listen(), c.metrics().listen())).extracting(ListenAddress::host).containsOnly("10.1.2.3");
        assertThat(c.cluster().rpcListen().port()).as("the default RPC port").isEqualTo(9096);
        assertThat(c.metrics().enabled()).as("no metrics port given: off, the default").isFalse();
    }

    @Test
    void refusesToOverwriteWithoutForceAndForceKeepsTheIdentity() throws Exception {
        InitCommand.InitResult first = InitCommand.run(dir, InitOptions.defaults().withPeername("a"));

        assertThatThrownBy(() -> InitCommand.run(dir, InitOptions.defaults().withPeername("b")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--force");
        assertThat(ServiceConfigFile.load(first.configFile(), Map.of()).cluster().peername()).isEqualTo("a");

        InitCommand.InitResult forced = InitCommand.run(dir, InitOptions.defaults().withPeername("b").withForce(true));
        assertThat(forced.peerId()).isEqualTo(first.peerId());
        assertThat(ServiceConfigFile.load(forced.configFile(), Map.of()).cluster().peername()).isEqualTo("b");
    }

    @Test
    void badOptionIsAConfigErrorAndWritesNothing() {
        assertThatThrownBy(() -> InitCommand.run(dir, InitOptions.defaults().withPorts(70000, null, null, null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("port 70000 is out of range");
        assertThatThrownBy(() -> InitCommand.run(dir, InitOptions.defaults().withSecret("short")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.secret");
        assertThat(dir.resolve(ServiceConfigFile.FILE_NAME)).doesNotExist();
        assertThat(dir.resolve(IdentityFile.FILE_NAME)).doesNotExist();
    }

    @Test
    void commandLineInitialisesAndReportsErrorsWithExitCodes() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream o = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        java.io.PrintStream e = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "s3cret\n");
        Path peer = dir.resolve("cli");

        int code = Main.run(new String[] {"init", peer.toString(), "--peername", "c1", "--rest-port", "0",
                "--zone", "z2", "--password-file", pw.toString()}, o, e);

        assertThat(code).isZero();
        ServiceConfig c = ServiceConfigFile.load(peer.resolve(ServiceConfigFile.FILE_NAME), Map.of());
        assertThat(c.restapi().httpListen().port()).isZero();
        assertThat(c.restapi().basicAuthCredentials()).containsEntry("admin", "s3cret");
        assertThat(c.cluster().zone()).isEqualTo("z2");
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("initialised peer 12D3KooW");
        assertThat(Main.run(new String[] {"init", peer.toString()}, o, e)).isEqualTo(2);
        assertThat(Main.run(new String[] {"init", peer.toString(), "--rest-port", "x"}, o, e)).isEqualTo(1);
        assertThat(Main.run(new String[] {"init", peer.toString(), "--bogus", "1"}, o, e)).isEqualTo(1);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("already initialised").contains("'x' is not a port number").contains("unknown flag '--bogus'")
                .doesNotContain("s3cret");
    }
}
