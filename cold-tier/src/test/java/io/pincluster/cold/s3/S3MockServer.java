package io.pincluster.cold.s3;

import static org.awaitility.Awaitility.await;

import io.pincluster.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * Adobe S3Mock, the real S3-protocol server the tests talk to, as a child process on 127.0.0.1 with its store in
 * a temporary folder. {@link #close()} kills it and deletes the folder.
 *
 * <p>The runnable jar is copied by the build (maven-dependency-plugin, execution {@code copy-s3mock}) and found
 * through the {@code pc.s3mock.jar} system property surefire sets. S3Mock accepts any credentials and only path
 * style; its {@code --server.address} binds only the HTTPS connector, so the plain-HTTP one listens on every
 * interface: the tests address it as 127.0.0.1 only.
 */
public final class S3MockServer implements AutoCloseable {
    static final String ACCESS_KEY_ID = "pincluster-test";
    /** Distinctive, so a test can search every log line for it. */
    static final Secret SECRET = Secret.of("s3cr3t-Zq8vN2pL7wX4");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final Process process;
    private final Path folder;
    private final URI endpoint;
    private final S3Client admin;

    private S3MockServer(Process process, Path folder, URI endpoint) {
        this.process = process;
        this.folder = folder;
        this.endpoint = endpoint;
        this.admin = S3ClientFactory.create(config(endpoint, "unused-bucket"));
    }

    public static S3MockServer start() throws IOException {
        String jar = System.getProperty("pc.s3mock.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Mock's exec jar is not at " + jar + ": the build copies it there "
                    + "(cold-tier pom, maven-dependency-plugin execution copy-s3mock); run the tests through Maven");
        }
        Path folder = Files.createTempDirectory("s3mock-");
        int httpPort = FreePorts.one();
        int httpsPort = FreePorts.one();
        Path log = folder.resolve("s3mock.log");
        List<String> command = new ArrayList<>();
        String cpus = System.getProperty("pc.s3mock.cpus", "");
        if (!cpus.isBlank()) {
            // measurements only: the server on cores of its own, as a real object store is on machines of its own
            command.addAll(List.of("taskset", "-c", cpus));
        }
        // Its embedded Tomcat makes a tomcat-docbase.* folder in the temporary directory and deletes it on a clean
        // exit only; the server is killed, so that folder is ours to delete: it goes under the server's own.
        Path tmp = Files.createDirectory(folder.resolve("tmp"));
        command.addAll(List.of(javaCommand(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp, "-jar", jar,
                "--http.port=" + httpPort, "--server.port=" + httpsPort, "--server.address=127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("COM_ADOBE_TESTING_S3MOCK_STORE_ROOT", folder.resolve("store").toString());
        builder.environment().put("COM_ADOBE_TESTING_S3MOCK_STORE_RETAIN_FILES_ON_EXIT", "false");
        Process process = builder.start();
        URI endpoint = URI.create("http://127.0.0.1:" + httpPort);
        try {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            await("S3Mock on " + endpoint).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> !process.isAlive() || answers(http, endpoint));
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n"
                        + tail(log));
            }
            return new S3MockServer(process, folder, endpoint);
        } catch (RuntimeException | Error e) {
            kill(process);
            deleteTree(folder);
            throw e;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for test setup and for checks behind the store's back. */
    public S3Client admin() {
        return admin;
    }

    /** A new, empty bucket, so that each test sees only its own objects and uploads. */
    public String createBucket() {
        String name = "test-" + BUCKETS.incrementAndGet() + "-" + ProcessHandle.current().pid();
        admin.createBucket(CreateBucketRequest.builder().bucket(name).build());
        return name;
    }

    /**
     * The store's config for {@code bucket}: the compatible-store settings, the smallest parts S3 allows (so a
     * test needs only a few MiB per part), paging of two entries (so every listing pages), two attempts per request
     * and read-back verification.
     */
    public S3StoreConfig config(String bucket) {
        return config(endpoint, bucket);
    }

    static S3StoreConfig config(URI endpoint, String bucket) {
        return S3StoreConfig.compatibleStore(endpoint, bucket, ACCESS_KEY_ID, SECRET)
                .withPartSize(S3StoreConfig.MIN_PART_SIZE)
                .withSinglePutThreshold(S3StoreConfig.MIN_PART_SIZE)
                .withListPageSize(2)
                .withMaxAttempts(2)
                .withVerifyByReadBack(true);
    }

    /**
     * CPU time the server's process has used so far (user + system, from {@code /proc}, in clock ticks of 10 ms), or
     * -1 where {@code /proc} cannot tell: measurements set it beside the client's own CPU time.
     */
    public long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command's ")": state is field 3 of stat(5), so utime (14) and stime (15) are at 11 and 12
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            admin.close();
        } finally {
            kill(process);
            deleteTree(folder);
        }
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static boolean answers(HttpClient http, URI endpoint) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/favicon.ico"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
