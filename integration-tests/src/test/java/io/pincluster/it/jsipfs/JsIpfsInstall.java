package io.pincluster.it.jsipfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;

/**
 * js-ipfs 0.66.1 installed from npm with the dependency overrides that make it run (see
 * {@code integration-tests/src/test/js-ipfs/package.json} and the committed lock file), into
 * {@code ~/.cache/pincluster/js-ipfs-<hash of the manifests>} (or {@code $PINCLUSTER_JSIPFS_CACHE}), so later runs on
 * the same machine reuse it. A file lock keeps concurrent test JVMs from installing at once. When node/npm are
 * missing or the registry is unreachable, {@link #get()} aborts the calling test (skipped, with the reason).
 */
public final class JsIpfsInstall {
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "with-resolvers.cjs");
    private static final long INSTALL_TIMEOUT_MINUTES = 15;
    private static volatile JsIpfsInstall installed;
    private static volatile String unavailable; // why the first attempt was skipped; later callers skip at once

    private final Path dir;
    private final long installMillis;

    private JsIpfsInstall(Path dir, long installMillis) {
        this.dir = dir;
        this.installMillis = installMillis;
    }

    /**
     * The installation, made on first use; aborts the calling test (JUnit assumption) when it cannot be made for
     * lack of node, npm or the registry, printing why.
     */
    public static synchronized JsIpfsInstall get() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
        if (installed == null) {
            try {
                installed = install();
            } catch (TestAbortedException e) {
                unavailable = e.getMessage();
                System.out.println("[js-ipfs] SKIPPING tests that need a real IPFS daemon: " + unavailable);
                throw e;
            }
        }
        return installed;
    }

    /** The folder holding {@code node_modules}. */
    public Path dir() {
        return dir;
    }

    /** How long this JVM spent installing (0 when the cache was already complete). */
    public long installMillis() {
        return installMillis;
    }

    /** The js-ipfs command line entry point, run with {@code node}. */
    public Path cli() {
        return dir.resolve("node_modules/ipfs/src/cli.js");
    }

    /** The Promise.withResolvers polyfill Node 20 needs, for {@code NODE_OPTIONS=--require}. */
    public Path polyfill() {
        return dir.resolve("with-resolvers.cjs");
    }

    private static JsIpfsInstall install() {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed to run js-ipfs; not found");
        try {
            String hash = manifestHash();
            Path root = Path.of(System.getenv().getOrDefault("PINCLUSTER_JSIPFS_CACHE",
                    System.getProperty("user.home") + "/.cache/pincluster"));
            Path dir = root.resolve("js-ipfs-" + hash);
            Files.createDirectories(dir);
            try (FileChannel lockFile = FileChannel.open(root.resolve("js-ipfs.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                Path marker = dir.resolve(".complete");
                if (Files.exists(marker)) {
                    return new JsIpfsInstall(dir, 0);
                }
                for (String f : FILES) {
                    try (InputStream in = resource(f)) {
                        Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                long start = System.nanoTime();
                runNpm(dir);
                long took = (System.nanoTime() - start) / 1_000_000;
                Files.writeString(marker, "installed in " + took + " ms\n");
                System.out.println("[js-ipfs] installed into " + dir + " in " + took + " ms");
                return new JsIpfsInstall(dir, took);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the js-ipfs cache folder: " + e.getMessage(), e);
        }
    }

    // npm ci: exactly the locked tree. Failing for lack of the registry skips; any other failure is a real error.
    private static void runNpm(Path dir) throws IOException {
        Path log = dir.resolve("npm-install.log");
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--fetch-retries=1",
                "--fetch-timeout=60000", "--fetch-retry-mintimeout=1000", "--fetch-retry-maxtimeout=5000")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("npm ci for js-ipfs took over " + INSTALL_TIMEOUT_MINUTES
                        + " minutes; see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing js-ipfs", e);
        }
        if (p.exitValue() != 0) {
            String out = Files.readString(log, StandardCharsets.UTF_8);
            boolean offline = out.contains("ENOTFOUND") || out.contains("ECONNREFUSED") || out.contains("ETIMEDOUT")
                    || out.contains("EAI_AGAIN") || out.contains("ECONNRESET") || out.contains("network");
            Assumptions.assumeFalse(offline, "npm registry unreachable; cannot install js-ipfs (see " + log + ")");
            throw new IllegalStateException("npm ci for js-ipfs failed (exit " + p.exitValue() + "); see " + log
                    + ":\n" + tail(out));
        }
    }

    private static InputStream resource(String name) throws IOException {
        // The manifests live in the source tree (src/test/js-ipfs), found from the module's working directory.
        Path p = Path.of("src/test/js-ipfs").resolve(name);
        if (!Files.exists(p)) {
            p = Path.of("integration-tests/src/test/js-ipfs").resolve(name);
        }
        return Files.newInputStream(p);
    }

    private static String manifestHash() throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String f : FILES) {
                try (InputStream in = resource(f)) {
                    md.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String tail(String s) {
        return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
    }
}
