package io.pincluster.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command-line tool a check runs ({@code promtool}, {@code haproxy}, {@code systemd-analyze}), if installed. */
final class ExternalTool {
    /** What the tool printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    private final String name;

    private ExternalTool(String name) {
        this.name = name;
    }

    /**
     * The tool, or the test is skipped saying which Debian package brings it ({@code .ci/run} installs it; only an
     * unreachable package registry leaves it out).
     */
    static ExternalTool require(String name, String debianPackage) {
        assumeTrue(onPath(name), name + " is not installed (Debian package " + debianPackage
                + "; .ci/run installs it): skipping this check");
        return new ExternalTool(name);
    }

    static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    Result run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(name);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
