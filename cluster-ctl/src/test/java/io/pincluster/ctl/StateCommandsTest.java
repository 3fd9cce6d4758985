package io.pincluster.ctl;

import static io.pincluster.ctl.CannedApiServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.ctl.CannedApiServer.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pincluster state export|import|backup|restore}: the state to a file and back, against a canned API. */
class StateCommandsTest extends CtlTestSupport {
    @Test
    void exportWritesEveryStreamedPinAsOneLineAndLeavesNoPartialFile(@TempDir Path dir) throws IOException {
        server.on("GET", "/allocations", ok(CtlTest.pin(CtlTest.CID) + "\n" + CtlTest.pin(CtlTest.CID2) + "\n"));
        Path file = dir.resolve("state.ndjson");

        assertThat(run("state", "export", "-f", file.toString())).isEqualTo(0);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"cid\":\"" + CtlTest.CID + "\"", "\"name\":\"site\"");
        assertThat(lines.get(1)).contains(CtlTest.CID2);
        assertThat(err()).contains("exported 2 pins");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void exportWithoutAFileWritesToStandardOutput() {
        server.on("GET", "/allocations", ok(CtlTest.pin(CtlTest.CID) + "\n"));

        assertThat(run("state", "export")).isEqualTo(0);

        assertThat(out().lines().toList()).singleElement().asString().contains(CtlTest.CID);
    }

    @Test
    void aFailedExportKeepsAnEarlierFileAsItWas(@TempDir Path dir) throws IOException {
        server.on("GET", "/allocations", new Answer(503, "{\"code\":503,\"message\":\"no leader\"}"));
        Path file = dir.resolve("state.ndjson");
        Files.writeString(file, "earlier backup\n");

        assertThat(run("state", "export", "-f", file.toString())).isEqualTo(2);

        assertThat(Files.readString(file)).isEqualTo("earlier backup\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void importSendsTheFileInPartsWithTheReplicationOverride(@TempDir Path dir) throws IOException {
        server.on("POST", "/state/import", ok("{\"imported\":1,\"failed\":0,\"failures\":[]}"));
        Path file = dir.resolve("state.ndjson");
        int pins = StateImportCommand.PART + 3;
        Files.write(file, IntStream.range(0, pins).mapToObj(i -> CtlTest.pin(CtlTest.CID)).toList());

        assertThat(run("state", "import", "-f", file.toString(), "--rmin", "1", "--rmax", "2")).isEqualTo(0);

        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(0).query()).isEqualTo("replication-min=1&replication-max=2");
        assertThat(server.requests.get(0).bodyText().lines().count()).isEqualTo(StateImportCommand.PART);
        assertThat(server.requests.get(1).bodyText().lines().count()).isEqualTo(3);
        assertThat(err()).contains("imported 2 pins");
    }

    @Test
    void aRefusedPartStopsTheImportAndSaysWhereItStarted(@TempDir Path dir) throws IOException {
        server.on("POST", "/state/import", new Answer(400, "{\"code\":400,\"message\":\"line 2: cid: bad\"}"));
        Path file = dir.resolve("state.ndjson");
        Files.write(file, List.of(CtlTest.pin(CtlTest.CID), "{\"cid\":\"bad\"}"));

        assertThat(run("state", "import", "-f", file.toString())).isEqualTo(2);

        assertThat(err()).contains("line 2: cid: bad", "imported 0 pins before the part starting at line 1");
    }

    @Test
    void importNeedsAFile() {
        assertThat(run("state", "import")).isEqualTo(1);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void backupSavesTheAnswerWholeUnderItsNameAndLeavesNoPartialFile(@TempDir Path dir) throws IOException {
        server.on("GET", "/state/backup", ok("PCBK the state"));
        Path file = dir.resolve("state.backup");

        assertThat(run("state", "backup", "-f", file.toString())).isEqualTo(0);

        assertThat(Files.readString(file)).isEqualTo("PCBK the state");
        assertThat(err()).contains("written to " + file);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFailedBackupKeepsAnEarlierFileAsItWas(@TempDir Path dir) throws IOException {
        server.on("GET", "/state/backup", new Answer(503, "{\"code\":503,\"message\":\"no quorum\"}"));
        Path file = dir.resolve("state.backup");
        Files.writeString(file, "earlier backup");

        assertThat(run("state", "backup", "-f", file.toString())).isEqualTo(2);

        assertThat(Files.readString(file)).isEqualTo("earlier backup");
        assertThat(err()).contains("no quorum");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void restoreUploadsTheFileAsItIsWithForceAndReportsWhatWasRestored(@TempDir Path dir) throws IOException {
        server.on("POST", "/state/restore", ok("{\"backup\":{\"applied_index\":77,"
                + "\"created\":\"2026-12-04T13:00:00Z\"},"
                + "\"pins_restored\":5,\"pins_expired\":1,\"revoked_tokens_restored\":0,"
                + "\"same_cluster_secret\":false}"));
        Path file = dir.resolve("state.backup");
        byte[] bytes = {'P', 'C', 'B', 'K', 0, (byte) 0xff, 10, 13};
        Files.write(file, bytes);

        assertThat(run("state", "restore", "--force", "-f", file.toString())).isEqualTo(0);

        assertThat(server.requests).singleElement().satisfies(r -> {
            assertThat(r.query()).isEqualTo("force=true");
            assertThat(r.body()).isEqualTo(bytes);
            assertThat(r.contentType()).isEqualTo("application/octet-stream");
        });
        assertThat(err()).contains("restored 5 pins (1 expired, left out), 0 pinning service requests")
                .contains("log index 77")
                .contains("another secret");
    }

    @Test
    void aRefusedRestoreExitsWithTheApiError(@TempDir Path dir) throws IOException {
        server.on("POST", "/state/restore", new Answer(400, "{\"code\":400,\"message\":\"backup refused, nothing "
                + "was restored: the backup is truncated\"}"));
        Path file = dir.resolve("state.backup");
        Files.writeString(file, "PCBK");

        assertThat(run("state", "restore", "-f", file.toString())).isEqualTo(2);

        assertThat(server.requests.get(0).query()).isNull();
        assertThat(err()).contains("the backup is truncated");
    }
}
