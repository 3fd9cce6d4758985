package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.PinApi;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.service.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower acknowledges a pin once the leader committed it, possibly before applying it itself; the API reads of
 * that follower ({@code GET /allocations/{cid}}, {@code GET /pins/{cid}}) must still show it at once.
 */
@Timeout(180)
class FollowerReadYourWritesTest {
    @TempDir
    Path dir;

    private static Cid inline(int n) {
        return Cid.v1(Codec.RAW, Multihash.identity(("follower-write-" + n).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPinAcknowledgedByAFollowerIsShownByThatFollowersApiAtOnce() throws Exception {
        try (TestCluster cluster = TestCluster.builder(dir).peers(3).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.peers().stream().allMatch(p ->
                    p.consensus().leader().isPresent() && p.consensus().leader().equals(cluster.peer(0)
                            .consensus().leader())));
            ClusterAssembly leader = cluster.leader();
            ClusterAssembly follower = cluster.peers().stream().filter(p -> p != leader).findFirst().orElseThrow();
            PinApi pins = follower.api().pins();
            StatusApi status = follower.api().status();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> pins.pin(inline(-1), PinOptions.DEFAULTS).get(10, TimeUnit.SECONDS) != null);
            for (int i = 0; i < 200; i++) {
                Cid cid = inline(i);
                Pin pin = pins.pin(cid, PinOptions.DEFAULTS).get(30, TimeUnit.SECONDS);
                assertThat(pins.allocation(cid)).as("GET /allocations of pin %d on the follower", i).isEqualTo(pin);
                assertThat(status.status(cid, true).peerMap().get(follower.peerId()).status())
                        .as("GET /pins of pin %d on the follower", i)
                        .isNotIn(TrackerStatus.UNPINNED, TrackerStatus.REMOTE);
                if (i % 4 == 0) {
                    pins.unpin(cid).get(30, TimeUnit.SECONDS);
                    assertThatThrownBy(() -> pins.allocation(cid)).as("unpin %d", i)
                            .isInstanceOfSatisfying(ClusterException.class,
                                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
                }
            }
        }
    }
}
