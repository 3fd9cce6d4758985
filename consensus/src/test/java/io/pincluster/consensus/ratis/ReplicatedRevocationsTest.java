package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.token.TokenRevocation;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token revocations are a replicated record of the Raft state: committed through any peer, in force on that peer
 * when {@code revoke} returns and on every other as soon as it applies the entry, forgotten by every replica at
 * the same entry once the token has expired, and kept across restarts from the log and from snapshots.
 */
class ReplicatedRevocationsTest {
    private static final Instant START = Instant.parse("2026-12-04T06:00:00Z");

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(START);
    private final RatisConsensus[] peers = new RatisConsensus[3];
    private TestPeers fixture;

    @AfterEach
    void closeAll() {
        TestPeers.stopAll(peers);
    }

    private RatisConsensus start(int i, ConsensusConfig config) throws IOException {
        peers[i] = new RatisConsensus(config, clock, fixture.tls(config));
        peers[i].start(fixture.decider());
        return peers[i];
    }

    private static TokenRevocation bobs(String id, Duration left) {
        return new TokenRevocation(id, "bob", START.plus(left));
    }

    @Test
    void aRevocationThroughOnePeerIsInForceOnEveryPeerAndReachesAPeerThatWasDownThroughTheLog() throws Exception {
        fixture = new TestPeers(3, dir);
        for (int i = 0; i < 3; i++) {
            start(i, fixture.config(i));
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> peers[0].pin(cid(1), PinOptions.DEFAULTS) != null);

        peers[1].revoke(bobs("token-1", Duration.ofHours(12)));
        assertThat(peers[1].isRevoked("token-1", "bob")).as("in force where it was revoked when it returns")
                .isTrue();
        assertThat(peers[1].isRevoked("token-1", "carol")).as("bob's own revocation voids only bob's token")
                .isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> peers[0].isRevoked("token-1", "bob")
                && peers[2].isRevoked("token-1", "bob"));
        peers[2].revoke(TokenRevocation.ofAnyOwner("token-2", START.plus(Duration.ofHours(1))));
        await().atMost(Duration.ofSeconds(10)).until(() -> peers[0].isRevoked("token-2", "carol"));

        // peer 2 is down while token-3 is revoked: restarted, it learns it from the leader's log
        peers[2].close();
        peers[2] = null;
        // token-2 expires; the next revocation's decision time makes every replica forget it at the same entry
        clock.advance(Duration.ofHours(2));
        peers[0].revoke(bobs("token-3", Duration.ofHours(12)));
        RatisConsensus again = start(2, fixture.config(2));
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(p.revocations())
                    .extracting(TokenRevocation::tokenId).containsExactly("token-1", "token-3"));
        }
        assertThat(again.isRevoked("token-3", "bob")).isTrue();
        assertThat(again.isRevoked("token-1", "bob")).isTrue();
        assertThat(again.isRevoked("token-2", "carol")).isFalse();
        assertThat(again.revocations()).isEqualTo(peers[0].revocations());
    }

    @Test
    void revocationsSurviveARestartFromASnapshot() throws Exception {
        fixture = new TestPeers(1, dir);
        ConsensusConfig config = fixture.config(0).withSnapshots(20, 64 * 1024);
        RatisConsensus c = start(0, config);
        c.revoke(bobs("in-the-snapshot", Duration.ofHours(12)));
        c.revoke(TokenRevocation.ofAnyOwner("admins-revocation", START.plus(Duration.ofDays(30))));
        for (int i = 0; i < 60; i++) { // one entry each, so snapshots are taken
            c.pin(cid(i), PinOptions.DEFAULTS);
        }
        long applied = c.state().appliedIndex();
        c.close(); // writes a final snapshot covering everything applied
        peers[0] = null;

        Path newest = SinglePeerConsensusTest.snapshotFiles(dir).stream()
                .max(Comparator.comparingLong(ReplicatedRevocationsTest::indexOf)).orElseThrow();
        assertThat(indexOf(newest)).isGreaterThanOrEqualTo(applied);
        assertThat(Files.readAllBytes(newest)[4]).as("snapshot format with revocations").isEqualTo((byte) 4);
        List<TokenRevocation> inFile = SnapshotFile.read(newest, null).revocations();
        assertThat(inFile).extracting(TokenRevocation::tokenId).containsExactly("admins-revocation",
                "in-the-snapshot");

        RatisConsensus again = start(0, config);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().appliedIndex() >= applied);
        assertThat(again.isRevoked("in-the-snapshot", "bob")).isTrue();
        assertThat(again.isRevoked("admins-revocation", "anyone")).isTrue();
        assertThat(again.revocations()).isEqualTo(inFile);
    }

    private static long indexOf(Path snapshot) {
        String name = snapshot.getFileName().toString();
        return Long.parseLong(name.substring(name.indexOf('_') + 1));
    }
}
