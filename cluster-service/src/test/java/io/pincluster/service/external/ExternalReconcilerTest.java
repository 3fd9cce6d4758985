package io.pincluster.service.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.service.config.ExternalSection;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leader's reconciliation against a Pinning Service API on loopback ({@link FakePsaServer}), pass by pass: what
 * it asks, what it removes and what it leaves alone, with a real pinset and a manual clock.
 */
class ExternalReconcilerTest {
    private static final String TOKEN = "fake-token";
    private static final String TAG = "cluster-a";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T18:00:00Z"));
    private final PinSetState pinset = new PinSetState();
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final AtomicBoolean caughtUp = new AtomicBoolean(true);
    private final List<String> alerts = new ArrayList<>();
    private FakePsaServer service;
    private ExternalServices services;
    private ExternalReconciler reconciler;

    @BeforeEach
    void start() throws IOException {
        service = new FakePsaServer(TOKEN);
        reconcilerWith(100, TOKEN);
    }

    private void reconcilerWith(int maxCalls, String token) {
        ExternalSection.Service s = new ExternalSection.Service("fake", service.url(), token);
        services = new ExternalServices(List.of(new ExternalServices.Endpoint("fake",
                new PsaClient(s, HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1).build(), Duration.ofSeconds(5)),
                new ServiceHealth("fake", clock, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ZERO,
                        (n, e) -> alerts.add(e)))), 0, TAG);
        reconciler = new ExternalReconciler(pinset, leading::get, caughtUp::get, services, pin -> List.of(),
                new ExternalReconciler.Settings(maxCalls, Duration.ofMinutes(10)), clock);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void pinsWantingCopiesAreAskedForOnceFollowedUntilPinnedAndRemovedWhenUnpinned() {
        Cid wants = pin("wants", "1");
        pin("default", null);
        pin("opted-out", "0");

        reconciler.pass();
        reconciler.pass();

        assertThat(service.requests()).extracting(FakePsaServer.Request::cid).containsExactly(wants.toString());
        assertThat(service.requests().get(0).meta()).containsEntry(ExternalServices.TAG_KEY, TAG);
        assertThat(reconciler.count("fake", "queued")).isEqualTo(1);
        service.status(wants.toString(), "pinned");
        reconciler.pass();
        assertThat(reconciler.count("fake", "pinned")).isEqualTo(1);

        pinset.apply(new PinOp.RemovePin(wants));
        reconciler.pass();
        assertThat(service.requests()).isEmpty();
        assertThat(service.calls("POST")).isEqualTo(1);
    }

    @Test
    void aNewLeaderFindsItsRequestsByTagKeepsOnePerCidReplacesFailedOnesAndLeavesOtherClustersAlone() {
        Cid a = pin("a", "1");
        Cid b = pin("b", "1");
        service.add(a.toString(), Map.of(ExternalServices.TAG_KEY, TAG));
        service.add(a.toString(), Map.of(ExternalServices.TAG_KEY, TAG)); // a duplicate from a leader change
        service.add(b.toString(), Map.of(ExternalServices.TAG_KEY, TAG));
        service.status(b.toString(), "failed");
        FakePsaServer.Request foreign = service.add(a.toString(), Map.of(ExternalServices.TAG_KEY, "cluster-b"));
        Cid gone = cid("unpinned while no leader could reach the service");
        service.add(gone.toString(), Map.of(ExternalServices.TAG_KEY, TAG));

        reconciler.pass();

        List<FakePsaServer.Request> left = service.requests();
        assertThat(left).filteredOn(r -> r.meta().get(ExternalServices.TAG_KEY).equals(TAG))
                .extracting(FakePsaServer.Request::cid).containsExactlyInAnyOrder(a.toString(), b.toString());
        assertThat(left).contains(foreign);
        assertThat(service.calls("POST")).as("only the failed one is asked again").isEqualTo(1);
    }

    @Test
    void nothingIsRemovedWhileTheReplicaIsBehindAndNothingAtAllOffTheLeader() {
        Cid gone = cid("maybe pinned in an entry not applied yet");
        service.add(gone.toString(), Map.of(ExternalServices.TAG_KEY, TAG));
        caughtUp.set(false);
        reconciler.pass();
        assertThat(service.requests()).hasSize(1);

        leading.set(false);
        caughtUp.set(true);
        pin("new", "1");
        int before = service.calls("GET") + service.calls("POST") + service.calls("DELETE");
        reconciler.pass();
        assertThat(service.calls("GET") + service.calls("POST") + service.calls("DELETE")).isEqualTo(before);

        leading.set(true);
        reconciler.pass();
        assertThat(service.requests()).extracting(FakePsaServer.Request::cid).doesNotContain(gone.toString())
                .hasSize(1);
    }

    @Test
    void aPassMakesAtMostItsBudgetOfCallsAndThousandsOfRequestsAreListedPageByPage() {
        reconcilerWith(5, TOKEN);
        for (int i = 0; i < 2500; i++) {
            service.add(cid("old " + i).toString(), Map.of(ExternalServices.TAG_KEY, TAG));
        }
        for (int i = 0; i < 20; i++) {
            pin("p" + i, "1");
        }
        caughtUp.set(false); // keep the 2500 listed ones: only the listing and the adds are counted here

        reconciler.pass();

        assertThat(service.calls("GET")).as("2500 requests in pages of 1000").isEqualTo(3);
        assertThat(service.calls("POST")).as("5 calls a pass, the listing counting for its pages").isEqualTo(2);
        reconciler.pass();
        assertThat(service.calls("POST")).isEqualTo(7);
    }

    @Test
    void aRefusingServiceIsLeftAloneWithBackoffAndAlerts() {
        reconcilerWith(100, "wrong-token");
        pin("x", "1");

        reconciler.pass();
        reconciler.pass();
        assertThat(service.calls("GET")).as("the second pass is within the backoff").isEqualTo(1);
        assertThat(alerts).singleElement().asString().contains("fake: GET /pins answered 401: UNAUTHORIZED");
        assertThat(services.all().get(0).health().failing()).isTrue();

        clock.advance(Duration.ofSeconds(1));
        reconciler.pass();
        assertThat(service.calls("GET")).isEqualTo(2);
    }

    private Cid pin(String name, String externalCopies) {
        Cid cid = cid(name);
        Map<String, String> meta = externalCopies == null ? Map.of() : Map.of("external-copies", externalCopies);
        pinset.apply(new PinOp.AddPin(new Pin(cid, new PinOptions(0, 0, name, null, 0, List.of(), null, meta, null,
                List.of()), PinType.DATA, List.of(), null, Instant.EPOCH)));
        return cid;
    }

    private static Cid cid(String text) {
        return Cid.v1(Codec.RAW, Multihash.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }
}
