package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pincluster state restore -f FILE [--force]}: uploads a {@code state backup} file to
 * {@code POST /state/restore} (admin). The peer checks the whole file (length, SHA-256, every record) before it
 * changes anything, then restores it through the Raft log into this cluster, which must hold no pins unless
 * {@code --force} (decision 0014).
 */
@Command(name = "restore", description = "Restore a state backup into this cluster (empty unless --force); the file"
        + " is checked whole first and refused, changing nothing, if it is truncated or corrupt.")
final class StateRestoreCommand extends ClientCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
            description = "The backup to restore (written by pincluster state backup).")
    Path file;

    @Option(names = "--force", description = "Restore into a cluster that already holds pins: the backup's pins are"
            + " pinned over them, the others stay.")
    boolean force;

    StateRestoreCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        JsonNode answer = s.client().uploadFile("/state/restore" + (force ? "?force=true" : ""), file);
        if (s.printer().json()) {
            s.printer().raw(answer);
            return ExitCodes.OK;
        }
        JsonNode backup = answer.path("backup");
        s.err().println("restored " + answer.path("pins_restored").asLong() + " pins ("
                + answer.path("pins_expired").asLong() + " expired, left out), "
                + answer.path("pin_requests_restored").asLong() + " pinning service requests, "
                + answer.path("tenants_restored").asLong() + " tenants, "
                + answer.path("archives_restored").asLong() + " archive index entries and "
                + answer.path("revoked_tokens_restored").asLong() + " revoked tokens from the backup taken "
                + backup.path("created").asText() + " at log index " + backup.path("applied_index").asLong()
                + (answer.path("same_cluster_secret").asBoolean() ? ""
                : "; the backup comes from a cluster with another secret, so its revoked tokens were left out"));
        return ExitCodes.OK;
    }
}
