package io.pincluster.service.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.service.identity.PeerIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Another peer's status stream read with a deadline per item. */
@Timeout(30)
class DeadlineStreamTest {
    private static final Duration DEADLINE = Duration.ofMillis(200);
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
    private static final PeerId PEER = PeerIdentity.generate().peerId();

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final SilentPeers silent = new SilentPeers(DEADLINE, p -> { }, pool, Clock.systemUTC());
    private final CountDownLatch closed = new CountDownLatch(1);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static List<CidStatus> items(int n) {
        List<CidStatus> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new CidStatus(Cid.v1(Codec.RAW, Multihash.sha256(("item " + i).getBytes(StandardCharsets.UTF_8))),
                    PinInfo.of(PEER, "p", TrackerStatus.PINNED, T)));
        }
        return out;
    }

    /** Gives {@code first}, then waits for the stream to be closed and fails as a cancelled call does. */
    private Stream<CidStatus> thenHangs(List<CidStatus> first) {
        Iterator<CidStatus> given = first.iterator();
        Iterator<CidStatus> it = new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (given.hasNext()) {
                    return true;
                }
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new ClusterException(ErrorCode.UNAVAILABLE, "cancelled");
            }

            @Override
            public CidStatus next() {
                if (!given.hasNext()) {
                    throw new NoSuchElementException();
                }
                return given.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
                .onClose(closed::countDown);
    }

    @Test
    void givesWhatArrivedThenFailsAtTheDeadlineAndCancelsTheCall() {
        List<CidStatus> sent = items(300); // more than one read-ahead batch
        List<CidStatus> got = new ArrayList<>();
        try (Stream<CidStatus> s = DeadlineStream.open(PEER, () -> thenHangs(sent), pool, silent)) {
            Iterator<CidStatus> it = s.iterator();
            long start = System.nanoTime();
            assertThatThrownBy(() -> it.forEachRemaining(got::add)).isInstanceOf(ClusterException.class)
                    .hasMessageContaining("did not answer within the status deadline (cluster.status_timeout = 200ms)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(it.hasNext()).as("ended").isFalse();
        }
        assertThat(got).containsExactlyElementsOf(sent);
        assertThat(silent.isSilent(PEER)).isTrue();
        assertThat(closed.getCount()).as("the call was cancelled").isZero();
    }

    @Test
    void aStreamThatEndsOrFailsInTimeIsPassedOnAsItIs() {
        List<CidStatus> sent = items(3);
        try (Stream<CidStatus> s = DeadlineStream.open(PEER, sent::stream, pool, silent)) {
            assertThat(s.toList()).containsExactlyElementsOf(sent);
        }
        ClusterException refused = new ClusterException(ErrorCode.UNAUTHORIZED, "wrong secret");
        try (Stream<CidStatus> s = DeadlineStream.open(PEER, () -> {
            throw refused;
        }, pool, silent)) {
            assertThatThrownBy(s::toList).isSameAs(refused);
        }
        assertThat(silent.isSilent(PEER)).isFalse();
    }
}
