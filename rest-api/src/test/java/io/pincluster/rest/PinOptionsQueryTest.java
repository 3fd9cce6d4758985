package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.QueryParams;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.rest.query.PinOptionsQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinOptionsQueryTest {
    final PinOptionsQuery query = new PinOptionsQuery(RestTestSupport.CLOCK);
    final Instant now = FakeClusterApi.NOW;

    PinOptions parse(String queryString) {
        return query.parse(QueryParams.fromQueryString(queryString));
    }

    void assertRejected(String queryString, String... messageParts) {
        assertThatThrownBy(() -> parse(queryString))
                .isInstanceOfSatisfying(ClusterException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void defaultsWhenEmpty() {
        assertThat(parse("")).isEqualTo(PinOptions.DEFAULTS);
    }

    @Test
    void readsEveryOption() {
        PinOptions o = parse("replication-min=1&replication-max=3&name=n&mode=direct&shard-size=10&user-allocations="
                + FakeClusterApi.PEER_A + "," + FakeClusterApi.PEER_B + "&expire-in=1h30m&meta-a=1&meta-b=2"
                + "&origins=/ip4/1.2.3.4/tcp/1/p2p/" + FakeClusterApi.PEER_A + "&pin-update="
                + FakeClusterApi.cid("old"));
        assertThat(o.replicationMin()).isEqualTo(1);
        assertThat(o.replicationMax()).isEqualTo(3);
        assertThat(o.name()).isEqualTo("n");
        assertThat(o.mode()).isEqualTo(PinMode.DIRECT);
        assertThat(o.shardSize()).isEqualTo(10);
        assertThat(o.userAllocations()).containsExactly(FakeClusterApi.PEER_A, FakeClusterApi.PEER_B);
        assertThat(o.expireAt()).isEqualTo(now.plusSeconds(5400));
        assertThat(o.metadata()).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(o.origins()).isEqualTo(List.of("/ip4/1.2.3.4/tcp/1/p2p/" + FakeClusterApi.PEER_A));
        assertThat(o.pinUpdate()).isEqualTo(FakeClusterApi.cid("old"));
    }

    /** The cold tier's pin option (decision 0019) travels as the reserved metadata key. */
    @Test
    void archiveTrueIsKeptAsTheReservedMetadataKeyAndBadValuesAreRefused() {
        assertThat(parse("archive=true&meta-a=1").metadata())
                .isEqualTo(Map.of(io.pincluster.core.cold.ArchivePolicy.OPTION_KEY, "true", "a", "1"));
        assertThat(parse("archive=false").metadata()).isEmpty();
        assertRejected("archive=yes", "archive", "not true or false");
    }

    @Test
    void replicationOverridesMinAndMax() {
        PinOptions o = parse("replication-min=1&replication-max=2&replication=-1");
        assertThat(o.replicationMin()).isEqualTo(-1);
        assertThat(o.replicationMax()).isEqualTo(-1);
    }

    @Test
    void expireAtWinsOverExpireIn() {
        assertThat(parse("expire-at=2030-01-01T00:00:00%2B01:00&expire-in=1h").expireAt())
                .isEqualTo(Instant.parse("2029-12-31T23:00:00Z"));
    }

    @Test
    void rejectsEachBadValue() {
        assertRejected("replication-min=3&replication-max=2", "replication-min (3)", "replication-max (2)");
        assertRejected("replication-min=-2", "-2");
        assertRejected("replication-min=1&replication-max=-1", "-1");
        assertRejected("replication=x", "replication", "x");
        assertRejected("mode=deep", "mode", "deep");
        assertRejected("shard-size=-5", "shard-size");
        assertRejected("user-allocations=abc", "user-allocations", "abc");
        assertRejected("expire-at=2024-05-06T09:59:59Z", "expire-at", "in the past");
        assertRejected("expire-at=2024-05-06T10:00:00Z", "expire-at", "in the past");
        assertRejected("expire-at=06/05/2030", "expire-at", "RFC3339");
        assertRejected("expire-in=0s", "expire-in", "shorter than 1s");
        assertRejected("expire-in=1d", "expire-in", "unknown unit 'd'");
        assertRejected("expire-in=-1h", "expire-in");
        assertRejected("meta-=x", "metadata key");
        assertRejected("origins=/ip4/1.2.3.4", "origins", "/p2p/");
        assertRejected("origins=ip4/1.2.3.4/p2p/" + FakeClusterApi.PEER_A, "origins", "not a multiaddr");
        assertRejected("origins=/ip4/1.2.3.4/p2p/zz", "origins", "zz");
        assertRejected("pin-update=nope", "pin-update", "nope");
    }
}
