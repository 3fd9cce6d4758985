package io.pincluster.it.jsipfs;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One js-ipfs daemon, a Kubo-RPC stand-in, with its repo in {@code repoDir} and every listener on 127.0.0.1 with a
 * port the system picks: no bootstrap peers, no MDNS, no routing, no preload, so it talks only to daemons it is
 * told to {@code swarm/connect} to. {@link #close()} kills the process tree.
 */
public final class JsIpfsDaemon implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern API = Pattern.compile("/ip4/127\\.0\\.0\\.1/tcp/(\\d+)");

    private final Process process;
    private final Path repoDir;
    private final int apiPort;
    private final long startMillis;

    private JsIpfsDaemon(Process process, Path repoDir, int apiPort, long startMillis) {
        this.process = process;
        this.repoDir = repoDir;
        this.apiPort = apiPort;
        this.startMillis = startMillis;
    }

    /** Inits a repo in {@code repoDir} (which must not hold one), starts the daemon and waits until it answers. */
    public static JsIpfsDaemon start(JsIpfsInstall install, Path repoDir) throws IOException {
        long t0 = System.nanoTime();
        Path repo = repoDir.resolve("repo");
        run(install, repo, repoDir.resolve("init.log"), "init", "--emptyRepo", "--profile", "test");
        lockToLoopback(repo.resolve("config"));
        ProcessBuilder pb = command(install, repo, "daemon", "--enable-preload=false");
        pb.redirectErrorStream(true).redirectOutput(repoDir.resolve("daemon.log").toFile());
        Process p = pb.start();
        try {
            Path apiFile = repo.resolve("api");
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> !p.isAlive() || (Files.exists(apiFile) && answersId(apiFile)));
            if (!p.isAlive()) {
                throw new IOException("js-ipfs daemon exited with " + p.exitValue() + ":\n"
                        + Files.readString(repoDir.resolve("daemon.log")));
            }
            int port = apiPort(Files.readString(apiFile));
            return new JsIpfsDaemon(p, repoDir, port, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            destroyTree(p);
            throw e;
        }
    }

    /** The RPC API's port on 127.0.0.1. */
    public int apiPort() {
        return apiPort;
    }

    /** How long init + start took, until {@code id} answered. */
    public long startMillis() {
        return startMillis;
    }

    public Path repoDir() {
        return repoDir;
    }

    /** The daemon's output so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(repoDir.resolve("daemon.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        destroyTree(process);
    }

    private static void destroyTree(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean answersId(Path apiFile) {
        try {
            int port = apiPort(Files.readString(apiFile));
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v0/id")).timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"ID\"");
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int apiPort(String multiaddr) throws IOException {
        Matcher m = API.matcher(multiaddr);
        if (!m.find()) {
            throw new IOException("js-ipfs API address is not on 127.0.0.1: " + multiaddr);
        }
        return Integer.parseInt(m.group(1));
    }

    // Everything on loopback with system-chosen ports; nothing that reaches out (bootstrap, MDNS, DHT, preload).
    private static void lockToLoopback(Path config) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode) json.readTree(config.toFile());
        ObjectNode addresses = c.with("Addresses");
        addresses.putArray("Swarm").add("/ip4/127.0.0.1/tcp/0");
        addresses.put("API", "/ip4/127.0.0.1/tcp/0");
        addresses.put("Gateway", "/ip4/127.0.0.1/tcp/0");
        addresses.put("RPC", "");
        addresses.putArray("Delegates");
        c.putArray("Bootstrap");
        ObjectNode discovery = c.with("Discovery");
        discovery.with("MDNS").put("Enabled", false);
        discovery.with("webRTCStar").put("Enabled", false);
        c.with("Swarm").put("DisableNatPortMap", true);
        c.with("Routing").put("Type", "none");
        json.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), c);
    }

    private static void run(JsIpfsInstall install, Path repo, Path log, String... args) throws IOException {
        Process p = command(install, repo, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                destroyTree(p);
                throw new IOException("jsipfs " + String.join(" ", args) + " failed:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            destroyTree(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: jsipfs " + args[0], e);
        }
    }

    private static ProcessBuilder command(JsIpfsInstall install, Path repo, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("node", install.cli().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("IPFS_PATH", repo.toString());
        env.put("NODE_OPTIONS", "--require " + install.polyfill());
        env.remove("IPFS_MONITORING");
        return pb;
    }
}
