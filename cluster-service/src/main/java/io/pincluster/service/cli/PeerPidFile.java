package io.pincluster.service.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <peer dir>/peer.pid}: the process ID of the peer {@code up} started in that folder, so a second
 * {@code up} on the same data folder can tell which peers still run and start only the missing ones.
 * A pid file whose process is gone, or whose PID now belongs to another program, is stale and ignored.
 */
final class PeerPidFile {
    static final String FILE = "peer.pid";

    private PeerPidFile() {
    }

    static void write(Path peerDir, long pid) throws IOException {
        Files.writeString(peerDir.resolve(FILE), pid + "\n", StandardCharsets.UTF_8);
    }

    /** Removes the file, but only while it still names {@code pid} (another {@code up} may have replaced it). */
    static void removeIfOwnedBy(Path peerDir, long pid) {
        Path file = peerDir.resolve(FILE);
        try {
            if (readPid(file).filter(p -> p == pid).isPresent()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A leftover pid file is harmless: the next run sees its process is gone.
        }
    }

    /** The running peer process of this folder, if its pid file names a live process started for it. */
    static Optional<ProcessHandle> livePeer(Path peerDir) {
        return readPid(peerDir.resolve(FILE))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                // PIDs are reused: a live process counts only when its command line carries this folder's marker
                // (when the OS hides command lines, a live PID is the best we know).
                .filter(p -> p.info().commandLine().map(c -> c.contains(commandLineMarker(peerDir))).orElse(true));
    }

    /** A system property naming the peer folder, put on the peer's command line so it can be recognised. */
    static String commandLineMarker(Path peerDir) {
        return "-Dpincluster.peer.dir=" + peerDir;
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
