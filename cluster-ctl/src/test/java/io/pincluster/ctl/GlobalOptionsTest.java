package io.pincluster.ctl;

import static io.pincluster.ctl.CannedApiServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --host}, {@code --basic-auth}, {@code --enc}: before the command, after it, or between group and command. */
class GlobalOptionsTest {
    private CannedApiServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = new CannedApiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return Ctl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void optionsMayFollowTheCommandOrSitBetweenGroupAndCommand() {
        server.on("GET", "/version", ok("{\"version\":\"0.1.0\"}"));
        server.on("GET", "/allocations", ok("{\"cid\":\"" + CtlTest.CID + "\",\"type\":\"pin\"}\n"));

        assertThat(run(Map.of(), "version", "--host", server.url(), "--enc", "json")).isZero();
        assertThat(out()).contains("\"version\" : \"0.1.0\"");

        assertThat(run(Map.of(), "pin", "--host", server.url(), "--basic-auth", "a:b", "ls")).isZero();
        assertThat(out()).startsWith(CtlTest.CID + " |");
        assertThat(server.requests.get(1).authorization()).isEqualTo(basic("a:b"));
    }

    @Test
    void theValueClosestToTheCommandWinsAndTheEnvironmentComesLast() {
        server.on("GET", "/version", ok("{\"version\":\"0.1.0\"}"), ok("{\"version\":\"0.1.0\"}"));
        Map<String, String> env = Map.of(Ctl.HOST_ENV, "127.0.0.1:1", Ctl.AUTH_ENV, "env:pw");

        assertThat(run(env, "--host", "127.0.0.1:1", "--basic-auth", "top:pw", "version", "--host", server.url(),
                "--basic-auth", "cmd:pw")).isZero();
        assertThat(server.requests.get(0).authorization()).isEqualTo(basic("cmd:pw"));

        assertThat(run(Map.of(Ctl.HOST_ENV, server.url(), Ctl.AUTH_ENV, "env:pw"), "version")).isZero();
        assertThat(server.requests.get(1).authorization()).isEqualTo(basic("env:pw"));
    }

    @Test
    void helpOfTheClientAloneGoesToStdoutWithExit0() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out()).startsWith("usage: pincluster [options] <command>").contains("  pin add ", "  status ",
                "--basic-auth", "Exit codes");
        assertThat(err.size()).isZero();

        assertThat(run(Map.of(), "pin", "add", "--help")).isZero();
        assertThat(out()).startsWith("usage: pincluster pin add <cid|/ipfs/path> [options]")
                .contains("--replication", "--wait-timeout", "--host");
        assertThat(server.requests).isEmpty();
    }
}
