package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.pin.PinOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The Raft group the {@code Replicated*Test} classes run their records through: {@link RatisConsensus} peers in this
 * JVM over TLS gRPC on loopback ({@link TestPeers}), started, stopped, started again on the same folders, and all
 * closed in one place. Either several peers (a record written through one must reach all) or one peer that takes a
 * snapshot every 20 entries (a record must survive a restart from a snapshot).
 */
final class ReplicatedPeers implements AutoCloseable {
    /** Entries between snapshots of {@link #snapshotting}: a test's few dozen writes make several. */
    static final int SNAPSHOT_EVERY = 20;

    private final TestPeers fixture;
    private final Clock clock;
    private final ConsensusConfig[] configs;
    private final RatisConsensus[] peers;

    private ReplicatedPeers(TestPeers fixture, Clock clock, ConsensusConfig[] configs) {
        this.fixture = fixture;
        this.clock = clock;
        this.configs = configs;
        this.peers = new RatisConsensus[configs.length];
    }

    /**
     * {@code n} peers, started; returns once a pin of {@code probe} through peer 0 committed (a leader exists). The
     * probe stays pinned: tests may use it.
     */
    static ReplicatedPeers started(int n, Path dir, Clock clock, int probe) throws IOException {
        TestPeers fixture = new TestPeers(n, dir);
        ConsensusConfig[] configs = new ConsensusConfig[n];
        for (int i = 0; i < n; i++) {
            configs[i] = fixture.config(i);
        }
        ReplicatedPeers group = new ReplicatedPeers(fixture, clock, configs);
        try {
            for (int i = 0; i < n; i++) {
                group.start(i);
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> group.peer(0).pin(cid(probe), PinOptions.DEFAULTS) != null);
            return group;
        } catch (RuntimeException | IOException e) {
            group.close();
            throw e;
        }
    }

    /** One peer taking a snapshot every {@value #SNAPSHOT_EVERY} entries, started. */
    static ReplicatedPeers snapshotting(Path dir, Clock clock) throws IOException {
        TestPeers fixture = new TestPeers(1, dir);
        ReplicatedPeers group = new ReplicatedPeers(fixture, clock, new ConsensusConfig[] {
            fixture.config(0).withSnapshots(SNAPSHOT_EVERY, 64 * 1024)});
        group.start(0);
        return group;
    }

    /** Starts peer {@code i} (again, after {@link #stop}) on its folder; returns it. */
    RatisConsensus start(int i) throws IOException {
        peers[i] = new RatisConsensus(configs[i], clock, fixture.tls(configs[i]));
        peers[i].start(fixture.decider());
        return peers[i];
    }

    /** Stops peer {@code i}; a stopping peer writes a last snapshot of everything it applied. */
    void stop(int i) {
        peers[i].close();
        peers[i] = null;
    }

    RatisConsensus peer(int i) {
        return Objects.requireNonNull(peers[i], "peer " + i + " is stopped");
    }

    /** The running peers. */
    List<RatisConsensus> running() {
        return java.util.Arrays.stream(peers).filter(Objects::nonNull).toList();
    }

    /** An archive index entry of {@code cid} with a key and checksum of its own, made at {@code at}. */
    static ArchiveEntry archiveEntry(Cid cid, Instant at) {
        String sha = String.format("%064x", cid.hashCode() & 0xffffffffL);
        return new ArchiveEntry(cid, "archives/" + cid + "/" + sha + ".car", sha, 1234, "baga6ea4seaq-test", at);
    }

    /** The snapshot file with the highest log index under {@code dir}. */
    static Path newestSnapshot(Path dir) throws IOException {
        return SinglePeerConsensusTest.snapshotFiles(dir).stream()
                .max(Comparator.comparingLong(ReplicatedPeers::snapshotIndex)).orElseThrow();
    }

    /** The log index a snapshot file ({@code snapshot.<term>_<index>}) covers. */
    static long snapshotIndex(Path snapshot) {
        String name = snapshot.getFileName().toString();
        return Long.parseLong(name.substring(name.indexOf('_') + 1));
    }

    /** Stops every running peer without the leader's hand-over, as a crash would: nothing to hand over to. */
    @Override
    public void close() {
        TestPeers.stopAll(peers);
    }
}
