package io.pincluster.cold.piece;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.cold.car.ArchiveManifest;
import io.pincluster.cold.car.CarArchiveWriter;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.cid.Varint;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.ImportedNode;
import io.pincluster.ipld.importer.PrngStream;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our piece CIDs against an independent implementation: the npm package {@value #PACKAGE} run by Node.js, over
 * archives written by {@link CarArchiveWriter} at every padding edge (65 to 1017 bytes, 127·2^k and one more), a
 * few real multi-block DAGs and ~1 MiB of random bytes. The package is installed once under this build's target
 * folder and reused; the test is skipped, saying why, only when Node.js is missing or the npm registry cannot be
 * reached to install it.
 */
@Timeout(600)
class PieceCidCrossCheckTest {
    static final String PACKAGE = "@web3-storage/data-segment@5.3.0";
    private static final List<String> OFFLINE_SIGNS = List.of("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ETIMEDOUT",
            "ECONNRESET", "network", "timed out", "E403", "E503", "E502");
    /** A CAR of one raw CIDv1 block: 59 bytes of header (varint included) and a 36-byte CID around the block. */
    private static final int HEADER_AND_CID = 95;
    /** The smallest such CAR: a 1-byte varint and a 1-byte block. */
    private static final int SMALLEST_SINGLE_BLOCK_CAR = HEADER_AND_CID + 2;

    @TempDir
    Path dir;

    @Test
    void dataSegmentComputesTheSamePieceCidsForArchivesOfEverySize() throws Exception {
        Path npm = installDataSegment();
        Map<Path, PieceInfo> ours = new LinkedHashMap<>();
        List<Long> sizes = new ArrayList<>(List.of(65L, 96L, 97L, 127L, 128L, 254L, 255L, 508L, 509L, 1016L, 1017L));
        for (int k = 0; k <= 13; k++) {
            sizes.add(127L << k);
            sizes.add((127L << k) + 1);
        }
        for (long size : sizes) {
            byte[] payload = size < SMALLEST_SINGLE_BLOCK_CAR ? random((int) size) : singleBlockArchive((int) size);
            assertThat(payload).hasSize((int) size);
            ours.put(write("payload-" + size, payload), piece(payload));
        }
        for (long size : List.of(1_000L, 300_000L, 1_048_576L, 3_000_000L)) {
            ours.put(write("dag-" + size, dagArchive(size)), null);
        }
        ours.put(write("random-1MiB", random(1 << 20)), piece(random(1 << 20)));

        Map<Path, String[]> theirs = runDataSegment(npm, List.copyOf(ours.keySet()));

        for (Map.Entry<Path, PieceInfo> e : ours.entrySet()) {
            byte[] bytes = Files.readAllBytes(e.getKey());
            PieceInfo piece = e.getValue() != null ? e.getValue() : piece(bytes);
            String[] js = theirs.get(e.getKey());
            assertThat(js).as("data-segment's answer for %s", e.getKey().getFileName()).isNotNull();
            assertThat(piece.cidV1()).as("v1 of %s (%d bytes)", e.getKey().getFileName(), bytes.length)
                    .hasToString(js[1]);
            assertThat(piece.cidV2()).as("v2 of %s", e.getKey().getFileName()).hasToString(js[2]);
            assertThat(piece.pieceSize()).as("size of %s", e.getKey().getFileName()).isEqualTo(Long.parseLong(js[3]));
        }
    }

    /** A real archive of exactly {@code size} bytes: one raw block, sized to fill it, written by the archive writer. */
    private static byte[] singleBlockArchive(int size) throws IOException {
        for (int varint = 1; varint <= 3; varint++) {
            int blockLength = size - HEADER_AND_CID - varint;
            if (blockLength >= 0 && Varint.size(36L + blockLength) == varint) {
                byte[] block = random(blockLength);
                Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(block));
                InMemoryBlockStore store = new InMemoryBlockStore();
                store.put(cid, block);
                return archive(store, cid).toByteArray();
            }
        }
        throw new AssertionError("no single-block archive is " + size + " bytes");
    }

    /** The archive of a file DAG as {@code ipfs add --cid-version=1} builds it, over the vectors' PRNG bytes. */
    private static byte[] dagArchive(long size) throws IOException {
        InMemoryBlockStore store = new InMemoryBlockStore();
        ImportedNode root = new FileImporter(ImportOptions.kuboV1()).importFile(PrngStream.prng(size), store, n -> {
        });
        return archive(store, root.cid()).toByteArray();
    }

    private static ByteArrayOutputStream archive(InMemoryBlockStore store, Cid root) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveManifest manifest = new CarArchiveWriter(store::get, new DagPbLinkReader()).write(root, out);
        assertThat(manifest.piece()).isEqualTo(piece(out.toByteArray()));
        return out;
    }

    private static PieceInfo piece(byte[] payload) {
        PieceHasher hasher = new PieceHasher();
        hasher.update(payload);
        return hasher.finish();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] random(int length) {
        byte[] b = new byte[length];
        new Random(length).nextBytes(b);
        return b;
    }

    private static Map<Path, String[]> runDataSegment(Path npm, List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "commp.mjs"));
        files.forEach(f -> command.add(f.toString()));
        Run run = run(npm, command, 300);
        assertThat(run.exit).as("node commp.mjs: %s", run.output).isZero();
        Map<Path, String[]> out = new LinkedHashMap<>();
        for (String line : run.output.strip().split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length == 4) {
                out.put(Path.of(fields[0]), fields);
            }
        }
        return out;
    }

    /**
     * data-segment installed under target (kept between runs, removed by {@code mvn clean}), next to the driver
     * script. Skips when Node.js is missing or the registry cannot be reached; fails on any other install error.
     */
    private static Path installDataSegment() throws Exception {
        Path npm = buildDirectory().resolve("npm-data-segment");
        Files.createDirectories(npm);
        Assumptions.assumeTrue(works(npm, "node") && works(npm, "npm"),
                "Node.js and npm are needed to run " + PACKAGE + "; skipping the cross-check");
        try (InputStream script = PieceCidCrossCheckTest.class.getResourceAsStream("/piece/commp.mjs")) {
            Files.write(npm.resolve("commp.mjs"), script.readAllBytes());
        }
        if (Files.isRegularFile(npm.resolve("node_modules/@web3-storage/data-segment/package.json"))) {
            return npm;
        }
        Files.writeString(npm.resolve("package.json"), "{\"name\":\"commp-cross-check\",\"private\":true,"
                + "\"type\":\"module\"}");
        Run r = run(npm, List.of("npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error",
                PACKAGE), 420);
        if (r.exit != 0) {
            boolean offline = OFFLINE_SIGNS.stream().anyMatch(r.output::contains);
            Assumptions.assumeFalse(offline, "the npm registry cannot be reached to install " + PACKAGE
                    + "; skipping the cross-check: " + r.output.strip().lines().findFirst().orElse(""));
            throw new AssertionError("npm install " + PACKAGE + " failed: " + r.output);
        }
        return npm;
    }

    /** target (or target-suffix) of this build: the test classes folder's parent. */
    private static Path buildDirectory() throws Exception {
        return Path.of(PieceCidCrossCheckTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent();
    }

    private static boolean works(Path dir, String program) {
        try {
            return run(dir, List.of(program, "--version"), 30).exit == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(Path dir, List<String> command, long timeoutSeconds) throws IOException {
        Path log = Files.createTempFile(dir, "node", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                return new Run(-1, "timed out after " + timeoutSeconds + " s: " + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }
}
