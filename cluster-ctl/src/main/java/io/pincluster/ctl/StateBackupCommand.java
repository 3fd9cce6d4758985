package io.pincluster.ctl;

import io.pincluster.ctl.cli.CommandIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pincluster state backup -f FILE}: a consistent, online backup of the whole replicated state (pins with their
 * allocations, the peer directory, revoked tokens, Pinning Service API requests and tenants, archive index) at one
 * log index, from {@code GET /state/backup} (admin). The file is written next to its final name and renamed once complete, so a
 * broken transfer never leaves a partial file that looks whole. The file's own header and checksum are checked when
 * it is restored (decision 0014).
 */
@Command(name = "backup", description = "Write a consistent backup of the replicated state (pins, peer directory,"
        + " revoked tokens, Pinning Service API requests and tenants, the cold tier's archive index) to a file,"
        + " taken online at one log index.")
final class StateBackupCommand extends ClientCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true, description = "Write the backup here.")
    Path file;

    StateBackupCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            HttpHeaders headers = s.client().download("/state/backup", partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            s.err().println("backup of " + headers.firstValue("X-Backup-Pins").orElse("?") + " pins and "
                    + headers.firstValue("X-Backup-Revoked-Tokens").orElse("?") + " revoked tokens at log index "
                    + headers.firstValue("X-Backup-Applied-Index").orElse("?") + " written to " + file + " (sha256 "
                    + headers.firstValue("X-Backup-Sha256").orElse("?") + ")");
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the backup's own error, if any, is the one worth reporting
            }
        }
    }
}
