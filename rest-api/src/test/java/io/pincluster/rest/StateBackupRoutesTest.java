package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.core.component.StateBackupApi;
import io.pincluster.core.error.ClusterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /state/backup} streams the file the cluster wrote, with its header in {@code X-Backup-*} headers, and
 * leaves no staged file behind; {@code POST /state/restore} hands the uploaded bytes over as a file, with
 * {@code force}, and maps a refused backup to a JSON 4xx. The backup itself is {@code consensus}' job (tested there
 * and in cluster-service); here a fake writes and reads the files.
 */
class StateBackupRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeBackups backups = new FakeBackups();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RestApiServer server;

    @BeforeEach
    void start() {
        ClusterApi all = ClusterApi.of(new FakeClusterApi());
        server = new RestApiServer(RestConfig.defaults().withPort(0), new ClusterApi(all.peers(), all.pins(),
                all.status(), all.adds(), all.monitor(), all.gc(), all.repair(), all.readiness(), backups)).start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aBackupIsStreamedWithItsHeaderAndTheStagedFileIsDeleted() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/state/backup")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(FakeBackups.CONTENT);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(r.headers().firstValue("X-Backup-Applied-Index")).hasValue("77");
        assertThat(r.headers().firstValue("X-Backup-Pins")).hasValue("5");
        assertThat(r.headers().firstValue("X-Backup-Sha256")).hasValue("ab".repeat(32));
        org.awaitility.Awaitility.await("the staged backup is deleted").until(() -> !Files.exists(backups.written));
    }

    @Test
    void aBackupTheClusterCannotTakeIsAJsonError() throws Exception {
        backups.failure = new ClusterException(io.pincluster.core.error.ErrorCode.NO_QUORUM, "no quorum: ...");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/state/backup")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).get("message").asText()).contains("no quorum");
    }

    @Test
    void anUploadedBackupIsRestoredFromTheExactBytesWithForce() throws Exception {
        byte[] upload = new byte[3 * 1024 * 1024 + 17]; // larger than the 1 MB JSON body limit
        new Random(7).nextBytes(upload);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/state/restore?force=true"))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(upload))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(backups.restored).containsExactly(upload.length + " bytes, force true");
        assertThat(backups.uploaded).isEqualTo(upload);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.get("pins_restored").asLong()).isEqualTo(5);
        assertThat(report.get("pins_expired").asLong()).isEqualTo(1);
        assertThat(report.get("same_cluster_secret").asBoolean()).isTrue();
        assertThat(report.get("backup").get("applied_index").asLong()).isEqualTo(77);
        assertThat(report.get("backup").get("cluster_fingerprint").asText()).isEqualTo("sha256:00ff00ff00ff00ff");
        org.awaitility.Awaitility.await("the staged upload is deleted").until(() -> !Files.exists(backups.staged));
    }

    @Test
    void aRefusedBackupOrABadForceIsA400NamingIt() throws Exception {
        backups.failure = ClusterException.badRequest("backup refused, nothing was restored: the backup is truncated");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(uri("/state/restore"))
                .POST(HttpRequest.BodyPublishers.ofString("PCBK")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("message").asText()).contains("truncated");

        HttpResponse<String> badForce = http.send(HttpRequest.newBuilder(uri("/state/restore?force=perhaps"))
                .POST(HttpRequest.BodyPublishers.ofString("PCBK")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badForce.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badForce.body()).get("message").asText()).contains("force");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** Writes {@link #CONTENT} as the backup; records what it was asked to restore. */
    private static final class FakeBackups implements StateBackupApi {
        static final byte[] CONTENT = "PCBK a backup's bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        static final BackupInfo INFO = new BackupInfo(1, "sha256:00ff00ff00ff00ff", "12D3KooWpeer", 3, 77,
                Instant.parse("2026-12-04T13:00:00Z"), 5, 3, 0, 2, "ab".repeat(32), CONTENT.length);
        volatile RuntimeException failure;
        volatile Path written;
        volatile Path staged;
        volatile byte[] uploaded;
        final List<String> restored = new ArrayList<>();

        @Override
        public BackupInfo backup(Path target) {
            if (failure != null) {
                throw failure;
            }
            try {
                Files.write(target, CONTENT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written = target;
            return INFO;
        }

        @Override
        public RestoreReport restore(Path backup, boolean force) {
            if (failure != null) {
                throw failure;
            }
            try {
                staged = backup;
                uploaded = Files.readAllBytes(backup);
                restored.add(uploaded.length + " bytes, force " + force);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new RestoreReport(INFO, 5, 1, 0, 2, true);
        }
    }
}
