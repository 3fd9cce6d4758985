package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.testkit.ManualClock;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ClusterAssemblyTest {
    // `ipfs add` of the 12 bytes "hello world\n" (Kubo, default options).
    private static final Cid HELLO = Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");

    @TempDir
    Path dir;

    private static AddRequest addRequest() {
        return new AddRequest(PinOptions.DEFAULTS, 0, false, AddRequest.DEFAULT_CHUNK_SIZE, false, false, false,
                false, false, false, "unixfs");
    }

    private static List<AddedOutput> add(ClusterAssembly peer, String name, String content) {
        List<AddedOutput> out = new ArrayList<>();
        UploadPart part = new UploadPart(name, false,
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        peer.api().adds().add(addRequest(), List.of(part).iterator(), out::add);
        return out;
    }

    @Test
    void singlePeerAddsPinsUnpinsAndKeepsPinsAcrossRestart() throws Exception {
        ServiceConfig config = TestPeers.config("solo");
        PeerIdentity identity = PeerIdentity.generate();
        Cid other;
        try (ClusterAssembly peer = ClusterAssembly.start(dir, config, identity)) {
            List<AddedOutput> out = add(peer, "hello.txt", "hello world\n");

            assertThat(out).hasSize(1);
            assertThat(out.get(0).cid()).isEqualTo(HELLO);
            assertThat(out.get(0).name()).isEqualTo("hello.txt");
            await().until(() -> peer.api().status().status(HELLO, false).peerMap().get(identity.peerId()).status()
                    == TrackerStatus.PINNED);

            other = add(peer, "other.txt", "unpin me").get(0).cid();
            await().until(() -> peer.api().status().status(other, true).peerMap().get(identity.peerId()).status()
                    == TrackerStatus.PINNED);
            Pin removed = peer.api().pins().unpin(other).join();
            assertThat(removed.cid()).isEqualTo(other);
            await().until(() -> peer.api().status().status(other, true).peerMap().get(identity.peerId()).status()
                    == TrackerStatus.UNPINNED);
            assertThat(peer.connector().pins()).containsExactly(HELLO);

            HttpResponse<String> id = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    peer.restUrl().resolve("/id")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(id.statusCode()).isEqualTo(200);
            assertThat(id.body()).contains(identity.peerId().value()).contains("solo");
            HttpResponse<String> gw = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    peer.gatewayUrl().orElseThrow().resolve("/ipfs/" + HELLO)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(gw.body()).isEqualTo("hello world\n");
        }

        try (ClusterAssembly again = ClusterAssembly.start(dir, config, identity)) {
            await().until(() -> again.api().status().status(HELLO, false).peerMap().get(identity.peerId()).status()
                    == TrackerStatus.PINNED);
            assertThat(again.api().pins().allocation(HELLO).cid()).isEqualTo(HELLO);
            assertThatThrownBy(() -> again.api().pins().allocation(other))
                    .isInstanceOfSatisfying(ClusterException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    /*
     * Issue 14: content no peer holds is no failure but a pin waiting for a holder (decision 0010). Before, this
     * asserted pin_error with "block ... is not held here and no peer provided it (no peer to ask)".
     */
    @Test
    void pinOfContentNoPeerHoldsWaitsQueuedForAHolderAndIpnsIsRejected() throws Exception {
        PeerIdentity identity = PeerIdentity.generate();
        try (ClusterAssembly peer = ClusterAssembly.start(dir, TestPeers.config("solo"), identity)) {
            peer.api().pins().pin(HELLO, PinOptions.DEFAULTS).join();

            await().until(() -> peer.pinTracker().waitingCount() == 1);
            var status = peer.api().status().status(HELLO, false).peerMap().get(identity.peerId());
            assertThat(status.status()).isEqualTo(TrackerStatus.PIN_QUEUED);
            assertThat(status.error()).contains("waiting for a peer that holds its content");
            assertThatThrownBy(() -> peer.api().pins().resolve("ipns", "example.com"))
                    .isInstanceOfSatisfying(ClusterException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
    }

    @Test
    void closeIsIdempotentAndStartFailureReleasesTheStore() throws Exception {
        PeerIdentity identity = PeerIdentity.generate();
        ServiceConfig config = TestPeers.config("solo");
        ClusterAssembly peer = ClusterAssembly.start(dir, config, identity);
        // A second peer on the same folder cannot take the store lock; it must fail cleanly.
        assertThatThrownBy(() -> ClusterAssembly.start(dir, config, identity)).isInstanceOf(Exception.class);
        peer.close();
        peer.close();
        try (ClusterAssembly again = ClusterAssembly.start(dir, config, identity)) {
            assertThat(again.api().peers().id().id()).isEqualTo(identity.peerId());
        }
    }

    @Test
    void expiredPinsAreRemovedByTheLeaderThroughTheLog() throws Exception {
        PeerIdentity identity = PeerIdentity.generate();
        ServiceConfig base = TestPeers.config("solo");
        ServiceConfig config = base.withCluster(new io.pincluster.service.config.ClusterSection(
                base.cluster().peername(), base.cluster().secret(), -1, -1, false, java.util.Map.of(),
                Duration.ofMillis(200)));
        // moved by hand, so expiry needs no waiting for real time
        ManualClock clock = new ManualClock(java.time.Instant.now());
        try (ClusterAssembly peer = ClusterAssembly.start(dir, config, identity, clock)) {
            Cid cid = add(peer, "short-lived.txt", "gone soon").get(0).cid();
            PinOptions expiring = new PinOptions(0, 0, "tmp", io.pincluster.core.pin.PinMode.RECURSIVE, 0, List.of(),
                    clock.instant().plus(Duration.ofHours(1)), java.util.Map.of(), null, List.of());
            peer.api().pins().pin(cid, expiring).join();
            await().until(() -> peer.api().status().status(cid, true).peerMap().get(identity.peerId()).status()
                    == TrackerStatus.PINNED);
            assertThat(peer.api().pins().allocation(cid).options().expireAt()).isNotNull();

            clock.advance(Duration.ofHours(2));

            await().atMost(Duration.ofSeconds(30)).until(() -> peer.consensus().state().get(cid).isEmpty());
            await().until(() -> peer.connector().pins().noneMatch(cid::equals));
        }
    }
}
