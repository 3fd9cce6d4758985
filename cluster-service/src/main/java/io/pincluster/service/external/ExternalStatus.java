package io.pincluster.service.external;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.pin.ExternalHolder;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.external.ExternalServices.Endpoint;
import io.pincluster.service.external.PsaClient.RemotePin;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cluster's status with the external services' entries (decision 0020): {@code GET /pins/{cid}} (not
 * {@code local}) of a pin that wants external copies asks each service chosen for it about the CID, one call each,
 * so any peer answers, leader or not. A service backing off after failures is not called: its entry is
 * {@code error} with the last failure. An answer is reused for {@code FRESH_FOR} (2 s), so clients polling a pin's
 * status ({@code pin add --wait}) cost a service at most one call per CID every two seconds per peer. Lists of many
 * pins ({@code GET /pins}) and recovery are passed through untouched: one call per pin and service would make them
 * as slow as the slowest service.
 */
public final class ExternalStatus implements StatusApi {
    private static final Duration FRESH_FOR = Duration.ofSeconds(2);

    private record Key(String service, Cid cid) {
    }

    /** Answers services gave lately (errors are not kept: a failing service backs off instead). */
    private final Cache<Key, ExternalHolder> recent = Caffeine.newBuilder().expireAfterWrite(FRESH_FOR)
            .maximumSize(10_000).build();
    private final StatusApi cluster;
    private final PinSetView pinset;
    private final ExternalServices services;
    private final Clock clock;

    public ExternalStatus(StatusApi cluster, PinSetView pinset, ExternalServices services, Clock clock) {
        this.cluster = cluster;
        this.pinset = pinset;
        this.services = services;
        this.clock = clock;
    }

    @Override
    public GlobalPinInfo status(Cid cid, boolean local) {
        GlobalPinInfo info = cluster.status(cid, local);
        Optional<Pin> pin = pinset.get(cid);
        if (local || pin.isEmpty()) {
            return info;
        }
        List<Endpoint> chosen = services.chosen(cid, services.copies(pin.get()));
        if (chosen.isEmpty()) {
            return info;
        }
        Map<String, ExternalHolder> holders = new LinkedHashMap<>();
        for (Endpoint e : chosen) {
            holders.put(e.name(), holder(e, cid));
        }
        return info.withExternal(holders);
    }

    private ExternalHolder holder(Endpoint e, Cid cid) {
        Key key = new Key(e.name(), cid);
        ExternalHolder known = recent.getIfPresent(key);
        if (known != null) {
            return known;
        }
        ExternalHolder now = ask(e, cid);
        if (!now.status().equals(ExternalHolder.ERROR)) {
            recent.put(key, now);
        }
        return now;
    }

    private ExternalHolder ask(Endpoint e, Cid cid) {
        try {
            List<RemotePin> found = ExternalServices.call(e, c -> c.byCids(List.of(cid), services.tag()));
            return found.stream().max((a, b) -> Integer.compare(ExternalReconciler.rank(a),
                            ExternalReconciler.rank(b)))
                    .map(r -> new ExternalHolder(r.status(), r.requestId(), r.created(), ""))
                    .orElseGet(() -> new ExternalHolder(ExternalHolder.ABSENT, "", clock.instant(), ""));
        } catch (ExternalServiceException ex) {
            return new ExternalHolder(ExternalHolder.ERROR, "", clock.instant(), ex.getMessage());
        }
    }

    @Override
    public Stream<GlobalPinInfo> statusAll(Set<TrackerStatus> filter, List<Cid> cids, boolean local) {
        return cluster.statusAll(filter, cids, local);
    }

    @Override
    public GlobalPinInfo recover(Cid cid, boolean local) {
        return cluster.recover(cid, local);
    }

    @Override
    public Stream<GlobalPinInfo> recoverAll(boolean local) {
        return cluster.recoverAll(local);
    }
}
