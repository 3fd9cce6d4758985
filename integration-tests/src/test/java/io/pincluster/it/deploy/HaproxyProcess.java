package io.pincluster.it.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code haproxy} in the foreground ({@code -db}) with a configuration file and its environment, output to
 * a log file; {@link #serverStatus} reads its status page's CSV ({@code /stats;csv}). {@link #close} kills it.
 */
final class HaproxyProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final URI stats;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private HaproxyProcess(Process process, Path log, URI stats) {
        this.process = process;
        this.log = log;
        this.stats = stats;
    }

    /** @param statsAddress where the configuration's stats frontend listens ({@code host:port}) */
    static HaproxyProcess start(Path config, Map<String, String> env, Path log, String statsAddress)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return new HaproxyProcess(pb.start(), log, URI.create("http://" + statsAddress + "/stats;csv"));
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * The {@code status} column of {@code backend}/{@code server} ({@code UP}, {@code DOWN}, {@code UP 1/2} while
     * going down, ...), or empty when the status page does not answer.
     */
    Optional<String> serverStatus(String backend, String server) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(stats).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            List<String> lines = r.body().lines().toList();
            List<String> header = Arrays.asList(lines.get(0).replaceFirst("^# ", "").split(",", -1));
            int status = header.indexOf("status");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (cells.length > status && cells[0].equals(backend) && cells[1].equals(server)) {
                    return Optional.of(cells[status]);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
