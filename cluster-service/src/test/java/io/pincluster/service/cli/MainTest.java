package io.pincluster.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageOnStdoutAndExits0AndNoArgumentsIsAUsageError() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: pincluster").contains("  up ")
                .contains("pin add").contains("Exit codes");
        assertThat(err.size()).isZero();
        assertThat(run()).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: pincluster").contains("pin add");
    }

    @Test
    void anUnknownLogFormatIsRefusedBeforeAnyLoggerAndEachKnownOneHasItsLogbackFile() {
        assertThat(Main.logFormatProblem(null, null)).isNull();
        assertThat(Main.logFormatProblem(null, "json")).isNull();
        assertThat(Main.logFormatProblem("text", "bogus")).isNull(); // the property wins, as in logback
        assertThat(Main.logFormatProblem(null, "JSON")).isEqualTo(
                "PINCLUSTER_LOG_FORMAT is 'JSON'; it must be one of json, text (unset: text)");
        assertThat(Main.logFormatProblem("", null)).contains("is ''");
        assertThat(Main.logFormatProblem("xml", "json")).contains("is 'xml'");
        for (String format : Main.LOG_FORMATS) {
            assertThat(Main.class.getResource("/logback-" + format + ".xml")).as(format).isNotNull();
        }
    }

    @Test
    void daemonJoinNeedsAHostAndPortAndOnePeerFolder() {
        assertThat(run("daemon")).isEqualTo(1);
        assertThat(run("daemon", "peer0", "--join", "no-port-here")).isEqualTo(1);
        assertThat(run("daemon", "peer0", "--join")).isEqualTo(1);
        assertThat(run("daemon", "peer0", "peer1")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--join needs HOST:PORT")
                .contains("usage: pincluster daemon <peer folder> [--join HOST:PORT]")
                .contains("unexpected argument 'peer1'");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'");
    }

    @Test
    void hashGoesToTheImporter(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        assertThat(run("hash", "-Q", empty.toString())).isEqualTo(0);
        // The CID `ipfs add --only-hash` gives an empty file.
        assertThat(out.toString(StandardCharsets.UTF_8).trim()).isEqualTo("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    }

    @Test
    void clientCommandsGoToCtlEvenWithGlobalFlagsFirst() {
        int port = FreePorts.one();
        assertThat(run("--host", "127.0.0.1:" + port, "id")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach http://127.0.0.1:" + port);
    }

    @Test
    void upRejectsBadOptions() {
        assertThat(run("up", "--peers", "0")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--peers must be between 1 and 9");
    }
}
