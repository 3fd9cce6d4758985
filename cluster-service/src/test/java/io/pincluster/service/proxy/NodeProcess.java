package io.pincluster.service.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command (node, npm) to its end with a time limit, keeping its output. */
final class NodeProcess {
    record Result(int exit, String out, String err) {
    }

    private NodeProcess() {
    }

    static Result run(Path dir, List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = dir.resolve(".out-" + System.nanoTime());
        Path err = dir.resolve(".err-" + System.nanoTime());
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, read(out), read(err) + "\n(timed out after " + timeoutSeconds + " s)");
            }
            return new Result(p.exitValue(), read(out), read(err));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(err);
        }
    }

    /** True when {@code program --version} runs. */
    static boolean available(Path dir, String program) {
        try {
            return run(dir, List.of(program, "--version"), 30).exit() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String read(Path file) throws IOException {
        return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
