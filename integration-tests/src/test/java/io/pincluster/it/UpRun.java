package io.pincluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code pincluster up} as a child JVM (Main from this test's class path), its stdout and stderr
 * collected as they come. {@link #close} kills it and every process it started.
 */
final class UpRun implements AutoCloseable {
    static final String READY = "** pincluster up: READY **";
    private static final Pattern CREDENTIALS =
            Pattern.compile("user: admin\\s+password: (\\S+)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private UpRun(Process process) {
        this.process = process;
        Thread reader = new Thread(this::copyOutput, "up-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static UpRun start(String... upArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ChildJvm.MAIN, "up"));
        command.addAll(List.of(upArgs));
        return new UpRun(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    Process process() {
        return process;
    }

    String output() {
        return output.toString();
    }

    /** The admin password {@code up} printed with its READY banner; fails when it printed none. */
    String password() {
        Matcher credentials = CREDENTIALS.matcher(output());
        assertThat(credentials.find()).as(output()).isTrue();
        return credentials.group(1);
    }

    /** Waits until the output holds {@code text}; fails at once when {@code up} exits before. */
    void awaitOutput(String text, Duration timeout) {
        await("up prints " + text).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .failFast(() -> assertThat(process.isAlive()).as(() -> "up exited early:\n" + output).isTrue())
                .until(() -> output.toString().contains(text));
    }

    /** A JVM started with SIGINT ignored passes that on to its children, so they cannot see Ctrl-C. */
    static boolean sigintIgnoredHere() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle d : descendants) {
            d.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> d).join();
        }
    }

    private void copyOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            output.append("(output closed: ").append(e.getMessage()).append(")\n");
        }
    }
}
