package io.pincluster.it.cluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A peer as a child JVM: {@code java <opts> -cp <this test's class path> io.pincluster.service.cli.Main daemon <dir>},
 * output appended to {@code <dir>/daemon.log}.
 */
public final class ProcessPeer implements PeerRuntime {
    static final String MAIN = "io.pincluster.service.cli.Main";
    static final String LOG = "daemon.log";

    private final Process process;
    private final Path log;

    private ProcessPeer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ProcessPeer start(Path dir, List<String> javaOpts, List<String> extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("daemon", dir.toString()));
        args.addAll(extraArgs);
        return launch(dir, javaOpts, args, Map.of());
    }

    /**
     * {@code Main run <dir>} with {@code env} as the only {@code PINCLUSTER_*} variables (none inherited from this
     * JVM), as a container or service unit runs a peer: the folder is created and initialised on the first start.
     */
    public static ProcessPeer run(Path dir, List<String> javaOpts, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        return launch(dir, javaOpts, List.of("run", dir.toString()), env);
    }

    private static ProcessPeer launch(Path dir, List<String> javaOpts, List<String> args, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(javaOpts);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
        command.addAll(args);
        Path log = dir.resolve(LOG);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (!env.isEmpty()) {
            builder.environment().keySet().removeIf(k -> k.startsWith("PINCLUSTER_"));
            builder.environment().putAll(env);
        }
        return new ProcessPeer(builder.start(), log);
    }

    /** The peer's own log: everything it printed, stdout and stderr. */
    public Path log() {
        return log;
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void kill() {
        process.destroyForcibly();
        waitFor(30);
    }

    @Override
    public void stop() {
        process.destroy();
        if (!waitFor(30)) {
            kill();
        }
    }

    private boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    /** The exit status; only once the process has ended. */
    int exitCode() {
        return process.exitValue();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public List<String> logTail(int lines) throws IOException {
        if (!Files.exists(log)) {
            return List.of("(no log written)");
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, f.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            return all.subList(Math.max(0, all.size() - lines), all.size());
        }
    }
}
