package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot files a peer leaves behind: background writes, the last one of a stopping peer, the retention. */
class SnapshotStoreTest {
    private static final SnapshotStore.Cut EMPTY = new SnapshotStore.Cut(List.of(), List.of(), Instant.EPOCH,
            List.of(), List.of(), List.of());

    @TempDir
    Path dir;
    private RaftStorage raft;
    private SnapshotStore store;

    @BeforeEach
    void setUp() throws IOException {
        raft = RaftStorage.newBuilder().setDirectory(dir.toFile()).setOption(RaftStorage.StartupOption.FORMAT)
                .setLogCorruptionPolicy(RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION)
                .setStorageFreeSpaceMin(SizeInBytes.ONE_MB).build();
        raft.initialize();
        store = new SnapshotStore("test");
        store.init(raft, 2);
    }

    @AfterEach
    void tearDown() throws IOException {
        store.close();
        raft.close();
    }

    @Test
    void aStoppingPeerWhoseLastSnapshotWasWrittenInTheBackgroundStillKeepsOnlyTheRetainedFiles() throws IOException {
        for (long index : new long[] {10, 20, 30}) {
            store.take(TermIndex.valueOf(1, index), i -> true, () -> EMPTY);
            store.awaitIdle();
        }
        // Ratis removes old files once told of a new snapshot, on a later takeSnapshot; a stop comes first here.
        assertThat(snapshotFiles()).containsExactly("snapshot.1_10", "snapshot.1_20", "snapshot.1_30");

        store.writeSynchronously();
        store.writeLast(TermIndex.valueOf(1, 30), () -> {
            throw new AssertionError("the snapshot at the applied index exists: nothing is written again");
        });

        assertThat(snapshotFiles()).containsExactly("snapshot.1_20", "snapshot.1_30");
    }

    @Test
    void aStoppingPeerWritesItsLastSnapshotAndRemovesThoseBeyondTheRetention() throws IOException {
        for (long index : new long[] {10, 20}) {
            store.take(TermIndex.valueOf(1, index), i -> true, () -> EMPTY);
            store.awaitIdle();
        }
        store.writeSynchronously();
        store.writeLast(TermIndex.valueOf(1, 25), () -> EMPTY);

        assertThat(snapshotFiles()).containsExactly("snapshot.1_20", "snapshot.1_25");
    }

    private List<String> snapshotFiles() throws IOException {
        try (Stream<Path> files = Files.list(raft.getStorageDir().getStateMachineDir().toPath())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("snapshot\\.\\d+_\\d+"))
                    .sorted().toList();
        }
    }
}
