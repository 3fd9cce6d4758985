package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.pin.PinOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.raftlog.segmented.SegmentedRaftLogOutputStream;
import org.apache.ratis.thirdparty.com.google.protobuf.CodedInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower whose log lost entries it had acknowledged, ending instead in an entry of an older term at an index
 * below what the leader counts as matched. This is what Ratis 3.3.0 left behind after a whole-cluster restart
 * (decision 0029): a deposed leader's append, checked under the follower's lock and written after it, overwrote
 * entries the follower had already acknowledged to the new leader. The leader then never sends below its match
 * index ({@code LogAppenderBase.getNextIndexForInconsistency}) and the follower never accepts above its divergent
 * entry: an INCONSISTENCY loop that kept two of five peers out of the cluster for 15 minutes, until one more failure
 * cost the quorum. The test makes that follower log directly (the race needs two leaders and a stalled thread) and
 * checks that the cluster brings the follower back.
 */
class StalledFollowerTest {
    @TempDir
    Path dir;
    private final RatisConsensus[] peers = new RatisConsensus[3];
    private TestPeers fixture;

    @AfterEach
    void stop() {
        TestPeers.stopAll(peers);
    }

    private void start(int i) throws IOException {
        ConsensusConfig config = fixture.config(i);
        peers[i] = new RatisConsensus(config, Clock.systemUTC(), fixture.tls(config));
        peers[i].start(fixture.decider());
    }

    private int leaderIndex() {
        await().atMost(Duration.ofSeconds(20)).until(() -> peers[0] != null && peers[0].leader().isPresent()
                || peers[1] != null && peers[1].leader().isPresent() || peers[2] != null && peers[2].leader().isPresent());
        for (RatisConsensus p : peers) {
            if (p != null && p.leader().isPresent()) {
                return fixture.ids.indexOf(p.leader().get());
            }
        }
        throw new AssertionError("no leader");
    }

    @Test
    void aFollowerStuckBelowItsAcknowledgedEntriesIsBroughtBack() throws Exception {
        fixture = new TestPeers(3, dir);
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        PinOptions options = PinOptions.DEFAULTS.withReplication(1, 1);
        int first = leaderIndex();
        for (int n = 0; n < 5; n++) {
            peers[first].pin(cid(n), options);
        }
        // A second term: the first leader crashes, the other two elect one of them, which writes more.
        peers[first].crash();
        peers[first] = null;
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (RatisConsensus p : peers) {
                if (p != null && p.leader().isPresent() && !p.leader().get().equals(fixture.ids.get(first))) {
                    return true;
                }
            }
            return false;
        });
        int second = leaderIndex();
        int stalled = 3 - first - second;
        for (int n = 5; n < 10; n++) {
            peers[second].pin(cid(n), options);
        }
        start(first);
        long lastIndex = peers[second].lastLogIndex();
        // Both followers hold every entry: the leader keeps its quorum without the follower about to lose them.
        await("both followers acknowledged every entry").atMost(Duration.ofSeconds(20))
                .until(() -> peers[second].followerMatchIndexes().values().stream().filter(m -> m >= lastIndex)
                        .count() == 2);

        peers[stalled].crash();
        peers[stalled] = null;
        long secondTermStart = forgeDivergentTail(dir.resolve("peer-" + stalled));
        assertThat(lastIndex).as("the leader's match index must lie above the divergent entry")
                .isGreaterThan(secondTermStart + 1);
        start(stalled);

        peers[second].pin(cid(100), options);
        await("the stalled follower takes entries again").atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> assertThat(peers[stalled].state().get(cid(100))).isPresent());
        for (int n = 0; n < 10; n++) {
            assertThat(peers[stalled].state().get(cid(n))).as("pin %d on the healed follower", n).isPresent();
        }
        // the leader that found the stall counts it (the operator's metric); the new leader found none
        assertThat(peers[second].stalledFollowersFound()).isGreaterThanOrEqualTo(1);
        assertThat(peers[first].stalledFollowersFound() + peers[stalled].stalledFollowersFound()).isZero();
    }

    /**
     * Rewrites a stopped peer's Raft log: every entry before the first entry of the newest term stays, that entry is
     * replaced by one of the previous term at its index, and everything after it goes. Returns the replaced index.
     */
    private static long forgeDivergentTail(Path peerDir) throws IOException {
        Path current;
        try (Stream<Path> files = Files.walk(peerDir)) {
            current = files.filter(p -> p.getFileName().toString().equals("current")
                    && Files.exists(p.resolve("raft-meta"))).findFirst().orElseThrow();
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(current)) {
            segments = files.filter(p -> p.getFileName().toString().startsWith("log_"))
                    .sorted(Comparator.comparingLong(StalledFollowerTest::segmentStart)).toList();
        }
        List<LogEntryProto> entries = new ArrayList<>();
        for (Path segment : segments) {
            entries.addAll(readSegment(segment));
        }
        long newestTerm = entries.stream().mapToLong(LogEntryProto::getTerm).max().orElseThrow();
        int firstOfNewest = 0;
        while (entries.get(firstOfNewest).getTerm() != newestTerm) {
            firstOfNewest++;
        }
        LogEntryProto previous = entries.get(firstOfNewest - 1);
        LogEntryProto forged = previous.toBuilder().setIndex(previous.getIndex() + 1).build();
        List<LogEntryProto> kept = new ArrayList<>(entries.subList(0, firstOfNewest));
        kept.add(forged);
        for (Path segment : segments) {
            Files.delete(segment);
        }
        // A peer writes a snapshot when it stops; one past the rewritten log would contradict it (a killed peer
        // writes none).
        try (Stream<Path> files = Files.walk(peerDir)) {
            for (Path snapshot : files.filter(p -> p.getFileName().toString().startsWith("snapshot.")).toList()) {
                String name = snapshot.getFileName().toString();
                String termIndex = name.substring("snapshot.".length()).replace(".md5", "");
                if (Long.parseLong(termIndex.substring(termIndex.indexOf('_') + 1)) >= forged.getIndex()) {
                    Files.delete(snapshot);
                }
            }
        }
        Path rewritten = current.resolve("log_inprogress_" + kept.get(0).getIndex());
        try (SegmentedRaftLogOutputStream out = new SegmentedRaftLogOutputStream(rewritten.toFile(), false,
                32L << 20, 1L << 20, ByteBuffer.allocateDirect(1 << 16))) {
            for (LogEntryProto e : kept) {
                out.write(e);
            }
            out.flush();
        }
        return forged.getIndex();
    }

    private static long segmentStart(Path segment) {
        String name = segment.getFileName().toString();
        String start = name.startsWith("log_inprogress_") ? name.substring("log_inprogress_".length())
                : name.substring("log_".length(), name.indexOf('-'));
        return Long.parseLong(start);
    }

    /** Ratis' segment format: an 8-byte header, then per entry its varint size, the entry, a 4-byte checksum. */
    private static List<LogEntryProto> readSegment(Path segment) throws IOException {
        List<LogEntryProto> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(segment)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            coded.skipRawBytes(8);
            while (!coded.isAtEnd()) {
                int size = coded.readRawVarint32();
                if (size == 0) {
                    break; // the preallocated tail of an open segment
                }
                out.add(LogEntryProto.parseFrom(coded.readRawBytes(size)));
                coded.skipRawBytes(4);
            }
        }
        return out;
    }
}
