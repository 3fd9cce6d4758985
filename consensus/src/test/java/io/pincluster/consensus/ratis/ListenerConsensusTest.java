package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.PinOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nine peers, three voters and six listeners, on a real Ratis group on loopback (decision 0013): listeners hold the
 * whole pinset but never count for the commit quorum, and the leader keeps three voters when one is lost.
 */
class ListenerConsensusTest {
    private static final int PEERS = 9;
    private static final int VOTERS = 3;

    @TempDir
    Path dir;
    private final RatisConsensus[] peers = new RatisConsensus[PEERS + 1];
    private TestPeers fixture;

    @AfterEach
    void closeAll() {
        TestPeers.stopAll(peers);
    }

    private ConsensusConfig config(int i, Duration replaceAfter) {
        return fixture.bootstrapConfig(i, PEERS).withVoters(VOTERS, replaceAfter);
    }

    private void startNine(Duration replaceAfter) throws IOException {
        fixture = new TestPeers(PEERS + 1, dir);
        for (int i = 0; i < PEERS; i++) {
            ConsensusConfig config = config(i, replaceAfter);
            peers[i] = new RatisConsensus(config, Clock.systemUTC(), fixture.tls(config));
            peers[i].start(fixture.decider());
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> peers[0].pin(cid(0), PinOptions.DEFAULTS) != null);
    }

    private int index(PeerId id) {
        return fixture.ids.indexOf(id);
    }

    private List<Integer> running() {
        return IntStream.range(0, peers.length).filter(i -> peers[i] != null).boxed().toList();
    }

    private void stop(int i) {
        peers[i].close();
        peers[i] = null;
    }

    /** Starts peer {@code i} again on its Raft folder, as a restarted daemon would. */
    private void restart(int i, Duration replaceAfter) throws IOException {
        ConsensusConfig config = config(i, replaceAfter);
        peers[i] = new RatisConsensus(config, Clock.systemUTC(), fixture.tls(config));
        peers[i].start(fixture.decider());
    }

    @Test
    void listenersHoldThePinsetButNeverCountForQuorum() throws Exception {
        startNine(Duration.ofMinutes(10));
        List<PeerId> voters = peers[0].voters();
        assertThat(voters).hasSize(VOTERS);
        assertThat(voters).as("the first three peer IDs in order vote, on every peer alike")
                .isEqualTo(fixture.ids.subList(0, PEERS).stream().sorted().limit(VOTERS).toList());
        for (int i = 0; i < PEERS; i++) {
            assertThat(peers[i].peers()).as("peer %d sees every member", i)
                    .containsExactlyInAnyOrderElementsOf(fixture.ids.subList(0, PEERS));
            assertThat(peers[i].voters()).isEqualTo(voters);
        }
        for (int i = 1; i <= 50; i++) {
            peers[i % PEERS].pin(cid(i), PinOptions.DEFAULTS); // through voters and listeners alike
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (int i = 0; i < PEERS; i++) {
                assertThat(peers[i].state().size()).as("pinset of peer %d", i).isEqualTo(51);
            }
        });
        List<Integer> listeners = new ArrayList<>();
        for (int i = 0; i < PEERS; i++) {
            if (!voters.contains(fixture.ids.get(i))) {
                listeners.add(i);
                assertThat(peers[i].raftInfo().role()).isEqualTo("listener");
            } else {
                assertThat(peers[i].raftInfo().role()).isIn("leader", "follower");
            }
        }
        assertThat(listeners).hasSize(PEERS - VOTERS);

        // Six of nine members down: no majority of the members, but a majority of the voters.
        listeners.forEach(this::stop);
        int voter = index(voters.get(0));
        long start = System.nanoTime();
        for (int i = 100; i < 120; i++) {
            assertThat(peers[voter].pin(cid(i), PinOptions.DEFAULTS)).isNotNull();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("20 writes with every listener down")
                .isLessThan(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int v : running()) {
                assertThat(peers[v].state().size()).as("voter %d applied every write", v).isEqualTo(71);
            }
        });
        assertThat(peers[voter].voters()).as("nobody was promoted or demoted").isEqualTo(voters);
    }

    @Test
    void aVoterDownForLongIsReplacedByAListenerAndWritesGoOn() throws Exception {
        startNine(Duration.ofSeconds(2));
        List<PeerId> voters = peers[0].voters();
        PeerId leader = peers[0].leader().orElseThrow();
        PeerId lost = voters.stream().filter(v -> !v.equals(leader)).findFirst().orElseThrow();
        stop(index(lost));
        int listener = IntStream.range(0, PEERS).filter(i -> !voters.contains(fixture.ids.get(i))).findFirst()
                .orElseThrow();
        assertThat(peers[listener].pin(cid(1), PinOptions.DEFAULTS)).as("two voters of three still commit")
                .isNotNull();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i : running()) {
                assertThat(peers[i].voters()).as("voters seen by peer %d", i).hasSize(VOTERS).doesNotContain(lost);
                assertThat(peers[i].peers()).as("the lost voter stays a member, as a listener").contains(lost)
                        .hasSize(PEERS);
            }
        });
        PeerId promoted = peers[listener].voters().stream().filter(v -> !voters.contains(v)).findFirst()
                .orElseThrow();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(peers[index(promoted)].raftInfo().role()).isIn("follower", "leader"));

        // The promoted voter counts for quorum now: with a second original voter down, writes still commit.
        PeerId secondLost = voters.stream().filter(v -> !v.equals(lost) && !v.equals(leader)).findFirst()
                .orElse(null);
        if (secondLost == null) {
            secondLost = leader;
        }
        stop(index(secondLost));
        int writer = running().get(0);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> peers[writer].pin(cid(2), PinOptions.DEFAULTS) != null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i : running()) {
                assertThat(peers[i].voters()).hasSize(VOTERS);
                assertThat(peers[i].state().size()).isEqualTo(3);
            }
        });
    }

    @Test
    void aReplacedVoterComesBackAsAListenerFollowsTheLogAndMayVoteAgain() throws Exception {
        startNine(Duration.ofSeconds(2));
        List<PeerId> voters = peers[0].voters();
        PeerId leader = peers[0].leader().orElseThrow();
        PeerId lost = voters.stream().filter(v -> !v.equals(leader)).findFirst().orElseThrow();
        int i = index(lost);
        stop(i);
        int writer = index(leader);
        for (int n = 1; n <= 20; n++) {
            peers[writer].pin(cid(n), PinOptions.DEFAULTS);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(peers[writer].voters()).hasSize(VOTERS).doesNotContain(lost));
        long term = peers[writer].raftInfo().term();

        // Back with its old configuration, in which it still votes: the leader reaches it before it would campaign
        // (and be told to shut down), and from the new configuration on its elections are paused.
        restart(i, Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(peers[i].state().size()).as("caught up").isEqualTo(21);
            assertThat(peers[i].voters()).hasSize(VOTERS).doesNotContain(lost);
            assertThat(peers[i].peers()).hasSize(PEERS);
            assertThat(peers[i].raftInfo().role()).isEqualTo("listener");
            assertThat(peers[i].electionsPaused()).as("a listener does not campaign").isTrue();
        });
        assertThat(peers[i].raftRunning()).as("the leader did not shut it down").isTrue();
        assertThat(peers[writer].leader()).as("its return changed no leader").contains(leader);
        assertThat(peers[writer].raftInfo().term()).as("nor the term").isEqualTo(term);
        assertThat(peers[writer].pin(cid(21), PinOptions.DEFAULTS)).isNotNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(peers[i].state().get(cid(21))).as("a pin written after it came back").isPresent());
        assertThat(peers[i].pin(cid(22), PinOptions.DEFAULTS)).as("the returned peer writes").isNotNull();

        // Its leader goes away. Ratis kept it a FOLLOWER internally: unpaused it would turn candidate, find itself
        // outside the voters and close its own division. Paused, it waits for the next leader; being the only
        // listener still running, it is the one that leader promotes in place of the lost leader.
        List<PeerId> current = peers[writer].voters();
        for (int l = 0; l < PEERS; l++) {
            if (l != i && peers[l] != null && !current.contains(fixture.ids.get(l))) {
                stop(l);
            }
        }
        peers[writer].crash(); // no hand-over: the followers see their leader go quiet
        peers[writer] = null;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(peers[i].voters()).hasSize(VOTERS).contains(lost).doesNotContain(leader);
            assertThat(peers[i].raftInfo().role()).isIn("follower", "leader");
            assertThat(peers[i].electionsPaused()).as("a voter again, it may campaign").isFalse();
        });
        assertThat(peers[i].raftRunning()).isTrue();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> peers[i].pin(cid(23), PinOptions.DEFAULTS) != null);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (int r : running()) {
                assertThat(peers[r].state().size()).as("pinset of peer %d", r).isEqualTo(24);
            }
        });
    }

    @Test
    void aRemovedVoterIsReplacedInTheSameChangeAndAJoinerBecomesAListener() throws Exception {
        startNine(Duration.ofMinutes(10));
        int leader = index(peers[0].leader().orElseThrow());
        List<PeerId> voters = peers[leader].voters();
        PeerId removed = voters.stream().filter(v -> !v.equals(fixture.ids.get(leader))).findFirst().orElseThrow();
        peers[leader].removePeer(removed);
        assertThat(peers[leader].voters()).as("a listener took the removed voter's place in the same change")
                .hasSize(VOTERS).doesNotContain(removed);
        assertThat(peers[leader].peers()).hasSize(PEERS - 1).doesNotContain(removed);
        stop(index(removed));

        // A tenth peer joins: three voters already, so it listens.
        ConsensusConfig joiner = fixture.joinerConfig(PEERS).withVoters(VOTERS, Duration.ofMinutes(10));
        peers[PEERS] = new RatisConsensus(joiner, Clock.systemUTC(), fixture.tls(joiner));
        peers[PEERS].start(fixture.decider());
        peers[leader].addPeer(fixture.ids.get(PEERS), fixture.addresses.get(fixture.ids.get(PEERS)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(peers[PEERS].peers()).hasSize(PEERS).contains(fixture.ids.get(PEERS));
            assertThat(peers[PEERS].voters()).hasSize(VOTERS).doesNotContain(fixture.ids.get(PEERS));
            assertThat(peers[PEERS].raftInfo().role()).isEqualTo("listener");
            assertThat(peers[PEERS].state().size()).isEqualTo(peers[leader].state().size());
        });
        assertThat(peers[PEERS].pin(cid(3), PinOptions.DEFAULTS)).as("a listener writes through the leader")
                .isNotNull();
    }
}
