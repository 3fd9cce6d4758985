package io.pincluster.connector.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing (and now and then garbage-collecting) process with SIGKILL at arbitrary points and checks that everything it acknowledged is
 * intact after reopening: blocks present and verifying, pins present with complete DAGs, no partial files.
 */
class BlockStoreCrashTest {
    private static final int ROUNDS = 4;
    private static final int ACKS_PER_ROUND = 60;

    @TempDir
    Path dir;

    @Test
    void acknowledgedBlocksAndPinsSurviveKill9() throws Exception {
        Map<Cid, PinMode> ackedPins = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            // Unpinned blocks of earlier rounds may be gone: the previous check ran a GC.
            List<Cid> ackedBlocks = new ArrayList<>();
            List<String> lines = runAndKill(round);
            for (String line : lines) {
                String[] f = line.split(" ");
                if (f[0].equals("G")) {
                    ackedBlocks.clear();
                } else if (f[0].equals("B") && f.length == 3 && f[2].equals("ok")) {
                    ackedBlocks.add(Cid.parse(f[1]));
                } else if (f[0].equals("P") && f.length == 4 && f[3].equals("ok")) {
                    Cid cid = Cid.parse(f[1]);
                    ackedPins.merge(cid, PinMode.valueOf(f[2]), (a, b) -> a == PinMode.RECURSIVE ? a : b);
                }
            }
            assertThat(lines).as("round %d acknowledged writes", round).hasSizeGreaterThanOrEqualTo(ACKS_PER_ROUND);
            checkStore(ackedBlocks, ackedPins);
        }
    }

    private List<String> runAndKill(int round) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), BlockStoreWriterMain.class.getName(),
                dir.toString(), Long.toString(1000 + round));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(p, lines), "writer-stdout");
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> lines.size() >= ACKS_PER_ROUND || !p.isAlive());
            assertThat(p.isAlive()).as("writer still running (output: %s)", lines).isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        return List.copyOf(lines);
    }

    private static void readLines(Process p, List<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The stream closes when the process is killed.
        }
    }

    private void checkStore(List<Cid> ackedBlocks, Map<Cid, PinMode> ackedPins) throws IOException {
        try (EmbeddedBlockStore store = EmbeddedBlockStore.open(BlockStoreConfig.defaults(dir),
                new DagPbLinkReader())) {
            assertThat(leftoverTempFiles()).isEmpty();
            assertThat(store.verifyAll()).as("corrupt blocks after kill -9").isEmpty();
            for (Cid cid : ackedBlocks) {
                assertThat(store.get(cid)).as("acknowledged block %s", cid).isNotNull();
            }
            Map<Cid, PinMode> pins = store.listPins();
            assertThat(pins).containsAllEntriesOf(ackedPins);
            for (Map.Entry<Cid, PinMode> pin : pins.entrySet()) {
                assertThat(store.missingBlocks(pin.getKey())).as("DAG of pin %s", pin.getKey()).isEmpty();
            }
            long size = store.stats().repoSize();
            GcResult gc = store.collectGarbage();
            assertThat(store.stats().repoSize()).isEqualTo(size - gc.bytesFreed());
            for (Map.Entry<Cid, PinMode> pin : ackedPins.entrySet()) {
                if (pin.getValue() == PinMode.RECURSIVE) {
                    assertThat(store.missingBlocks(pin.getKey())).isEmpty();
                } else {
                    assertThat(store.get(pin.getKey())).isNotNull();
                }
            }
        }
    }

    private List<Path> leftoverTempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(DurableFiles::isTemp).toList();
        }
    }
}
