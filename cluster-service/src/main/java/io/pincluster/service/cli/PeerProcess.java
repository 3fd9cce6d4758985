package io.pincluster.service.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One peer of a local cluster running as a child JVM ({@code Main daemon <peer dir>}), its output
 * appended to {@code <peer dir>/daemon.log}.
 */
final class PeerProcess {
    static final String LOG = "daemon.log";

    private final int index;
    private final Path dir;
    private final Path log;
    private final Process process;

    private PeerProcess(int index, Path dir, Path log, Process process) {
        this.index = index;
        this.dir = dir;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code Main daemon <peerDir>} (with {@code --join <joinSeed>} unless it is null) with this JVM's java
     * binary and class path, and records its PID in the folder's {@link PeerPidFile}.
     */
    static PeerProcess start(int index, Path peerDir, String javaOpts, String joinSeed) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        // First on the command line, before the long class path: PeerPidFile recognises the peer's process by
        // it, and on Linux ProcessHandle shows only the first 4 KiB of a command line.
        command.add(PeerPidFile.commandLineMarker(peerDir));
        for (String opt : javaOpts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                command.add(opt);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "daemon",
                peerDir.toString()));
        if (joinSeed != null) {
            command.addAll(List.of("--join", joinSeed));
        }
        Path log = peerDir.resolve(LOG);
        Process process = new ProcessBuilder(command)
                .directory(peerDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        try {
            PeerPidFile.write(peerDir, process.pid());
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
        return new PeerProcess(index, peerDir, log, process);
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    int index() {
        return index;
    }

    Path dir() {
        return dir;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** "code 1", or "code 137 (killed by signal 9)": the JVM reports a signal death as 128 + signal. */
    String describeExit() {
        int code = exitCode();
        return code > 128 && code < 160 ? "code " + code + " (killed by signal " + (code - 128) + ")" : "code " + code;
    }

    /** Forgets the pid file once the process is gone, unless a later {@code up} already wrote its own. */
    void forgetPid() {
        PeerPidFile.removeIfOwnedBy(dir, process.pid());
    }

    Process process() {
        return process;
    }

    /** SIGTERM, so the peer shuts down cleanly (its shutdown hook closes the log and store). */
    void requestStop() {
        process.destroy();
    }

    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void kill() {
        process.destroyForcibly();
    }

    /** The last {@code lines} lines of the peer's log (reads at most the last 64 KiB). */
    String tail(int lines) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
        } catch (IOException e) {
            return Files.exists(log) ? "(cannot read " + log + ": " + e.getMessage() + ")" : "(no log written)";
        }
    }
}
