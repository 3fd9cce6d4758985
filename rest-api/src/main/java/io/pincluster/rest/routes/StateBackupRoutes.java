package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.stream.StreamMessages;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.component.StateBackupApi;
import io.pincluster.core.component.StateBackupApi.BackupInfo;
import io.pincluster.core.concurrent.Futures;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.json.BackupJson;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.query.AddOptionsQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /state/backup}: a consistent backup of the replicated state, taken online and streamed as a file
 * ({@code application/octet-stream}; its header also in {@code X-Backup-*} response headers).
 * {@code POST /state/restore[?force=true]}: the body is such a file; it is checked whole and then restored into
 * this cluster (decision 0014). Both stage the file in the temporary directory and delete it when the exchange ends;
 * neither is bound by the request timeout (a large state takes a while), only by the idle timeout.
 */
public final class StateBackupRoutes {
    public static final String BACKUP = "/state/backup";
    public static final String RESTORE = "/state/restore";

    private final StateBackupApi api;

    public StateBackupRoutes(StateBackupApi api) {
        this.api = api;
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.GET, BACKUP, (ctx, req) -> {
            ctx.clearRequestTimeout();
            return HttpResponse.of(CompletableFuture.supplyAsync(() -> backup(ctx), ctx.blockingTaskExecutor())
                    .exceptionally(e -> ErrorResponses.of(Futures.unwrap(e))));
        });
        routes.add(HttpMethod.POST, RESTORE, (ctx, req) -> {
            ctx.clearRequestTimeout();
            boolean force;
            Path file;
            try {
                force = AddOptionsQuery.bool(ctx.queryParams(), "force", false);
                file = tempFile();
            } catch (RuntimeException e) {
                return ErrorResponses.of(e);
            }
            ctx.log().whenComplete().thenRun(() -> deleteQuietly(file));
            StreamMessage<HttpData> body = req.filter(o -> o instanceof HttpData).map(o -> (HttpData) o);
            return HttpResponse.of(StreamMessages.writeTo(body, file, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)
                    .thenApplyAsync(done -> HttpResponse.of(HttpStatus.OK, MediaType.JSON,
                            JsonWire.bytes(BackupJson.Restored.of(api.restore(file, force)))),
                            ctx.blockingTaskExecutor())
                    .exceptionally(e -> ErrorResponses.of(Futures.unwrap(e))));
        });
    }

    private HttpResponse backup(ServiceRequestContext ctx) {
        Path file = tempFile();
        ctx.log().whenComplete().thenRun(() -> deleteQuietly(file));
        BackupInfo info = api.backup(file);
        ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
                .contentType(MediaType.OCTET_STREAM)
                .contentLength(info.bytes())
                .add("Content-Disposition", "attachment; filename=\"pincluster-state-" + info.appliedIndex()
                        + ".backup\"")
                .add("X-Backup-Applied-Index", Long.toString(info.appliedIndex()))
                .add("X-Backup-Pins", Long.toString(info.pins()))
                .add("X-Backup-Revoked-Tokens", Long.toString(info.revokedTokens()))
                .add("X-Backup-Sha256", info.sha256())
                .build();
        return HttpResponse.of(headers, StreamMessage.of(file));
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("pincluster-state-", ".backup");
        } catch (IOException e) {
            throw new ClusterException(ErrorCode.INTERNAL, "cannot stage the backup in the temporary directory: "
                    + e.getMessage(), new UncheckedIOException(e));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file; the next clean of the temporary directory takes it
        }
    }
}
