package io.pincluster.service.psa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The public Pinning Service API compliance suite ({@value #PACKAGE}), installed with npm and run against a
 * running service. npm's install scripts are off (the suite depends on the npm {@code kubo} package, whose install
 * script downloads a binary the suite never uses), {@code traverse} is pinned to 0.3.9 (a version the suite's
 * range picks is missing from the registry mirror), and the spec the suite downloads from GitHub is served
 * locally by {@code spec-offline.cjs}. The suite exits 0 even when checks fail, so its JSON results are read.
 */
final class PsaComplianceSuite {
    static final String PACKAGE = "@ipfs-shipyard/pinning-service-compliance@1.8.1";
    private static final String PACKAGE_DIR = "node_modules/@ipfs-shipyard/pinning-service-compliance";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the suite reported: its top-level checks. */
    record Result(int total, int passed, int failed, String output) {
    }

    private final Path dir;

    /** @param dir where the suite is installed (kept between runs: {@code target/}, removed by {@code mvn clean}) */
    PsaComplianceSuite(Path dir) {
        this.dir = dir;
    }

    /** Why the suite cannot be installed here (no npm, or no npm registry), or empty when it can. */
    Optional<String> whyUnavailable() {
        if (Files.isRegularFile(dir.resolve(PACKAGE_DIR).resolve("package.json"))) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(dir.getParent()); // a missing working folder would read as "no npm"
            Run ping = run(List.of("npm", "ping"), dir.getParent(), Duration.ofSeconds(45), null);
            return ping.exit == 0 ? Optional.empty() : Optional.of("the npm registry cannot be reached (npm ping "
                    + "exited " + ping.exit + "): " + tail(ping.output));
        } catch (IOException e) {
            return Optional.of("npm is not installed: " + e.getMessage());
        }
    }

    /** Installs the suite unless it already is. */
    void install() throws IOException {
        if (Files.isRegularFile(dir.resolve(PACKAGE_DIR).resolve("package.json"))) {
            return;
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("package.json"), """
                {"name": "pincluster-psa-compliance", "private": true,
                 "dependencies": {"%s": "%s"},
                 "overrides": {"traverse": "0.3.9"}}
                """.formatted(PACKAGE.substring(0, PACKAGE.lastIndexOf('@')),
                PACKAGE.substring(PACKAGE.lastIndexOf('@') + 1)));
        // --prefer-offline: package metadata already in npm's cache is used without asking the registry again
        // (36 s -> 12 s for this tree on the CI machine); whatever the cache lacks still comes from the registry.
        Run install = run(List.of("npm", "install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"),
                dir, INSTALL_TIMEOUT, null);
        if (install.exit != 0) {
            throw new IOException("npm install " + PACKAGE + " failed (" + install.exit + "): " + tail(install.output));
        }
    }

    /** Runs every check against {@code endpoint} with {@code token}. */
    Result run(URI endpoint, String token) throws IOException {
        Path preload = dir.resolve("spec-offline.cjs");
        try (InputStream in = PsaComplianceSuite.class.getResourceAsStream("/psa/spec-offline.cjs")) {
            Files.write(preload, in.readAllBytes());
        }
        Path docs = dir.resolve(PACKAGE_DIR).resolve("dist/docs");
        Path results = docs.resolve(endpoint.getHost() + ".json");
        Files.deleteIfExists(results);
        HttpServer spec = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] yaml;
        try (InputStream in = PsaComplianceSuite.class.getResourceAsStream("/psa/pinning-service-api-v1.0.0.yaml")) {
            yaml = in.readAllBytes();
        }
        spec.createContext("/spec.yaml", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/yaml");
            exchange.sendResponseHeaders(200, yaml.length);
            exchange.getResponseBody().write(yaml);
            exchange.close();
        });
        spec.start();
        try {
            String base = endpoint.toString().replaceAll("/+$", "");
            Run suite = run(List.of("node", "--require", preload.toString(),
                    dir.resolve("node_modules/.bin/pinning-service-compliance").toString(), "-s", base, token), dir,
                    RUN_TIMEOUT, "http://127.0.0.1:" + spec.getAddress().getPort() + "/spec.yaml");
            if (!Files.isRegularFile(results)) {
                throw new IOException("the suite wrote no results (" + results + "); exit " + suite.exit + ": "
                        + tail(suite.output));
            }
            JsonNode r = JSON.readTree(results.toFile());
            return new Result(r.path("total").asInt(), r.path("passed").asInt(), r.path("failed").asInt(),
                    suite.output);
        } finally {
            spec.stop(0);
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, Path workDir, Duration timeout, String specUrl) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("FORCE_COLOR", "0");
        if (specUrl != null) {
            pb.environment().put("PSA_SPEC_URL", specUrl);
        }
        Path log = Files.createTempFile("psa-compliance", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Run(-1, "timed out after " + timeout + ": " + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(String output) {
        return output.length() > 4000 ? "…" + output.substring(output.length() - 4000) : output;
    }
}
