package io.pincluster.service.external;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.external.ExternalServices.Endpoint;
import io.pincluster.service.external.PsaClient.RemotePin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's reconciliation of the external services with the pinset (decision 0020). Each {@link #pass()}, for
 * each service that is not backing off: list every request this cluster holds there when it has not since it began
 * leading or for {@code sweepInterval} (the {@link ExternalServices#TAG_KEY} metadata finds them: nothing is kept in
 * the replicated state, so a new leader starts from what the services say); ask the service to pin each CID chosen
 * for it that it holds no request for ({@code origins} = the IPFS addresses of the peers holding it); remove the
 * requests for CIDs no longer chosen for it (unpinned, or fewer copies wanted); follow the requests still
 * {@code queued} or {@code pinning}, and {@value PsaClient#MAX_CIDS} settled ones in turn, {@value PsaClient#MAX_CIDS}
 * CIDs per call. At most {@code maxCallsPerPass} calls per service per pass. A request the service marked
 * {@code failed} is replaced at the next sweep. Nothing is removed from a service unless this peer's replica had
 * applied everything it knew committed when the pass began: a leader still replaying its log would take pins it has
 * not applied yet for unpinned ones. Off the leader a pass forgets what it knew and does nothing. Called from one
 * thread.
 */
public final class ExternalReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalReconciler.class);

    /** What one pass may do. */
    public record Settings(int maxCallsPerPass, Duration sweepInterval) {
    }

    /** This cluster's requests on one service as last seen, by CID. */
    private static final class Known {
        final Map<Cid, RemotePin> pins = new HashMap<>();
        Instant sweptAt;
        /** Where the round of re-checking settled requests stopped. */
        Cid recheckAfter;
    }

    private final PinSetView pinset;
    private final BooleanSupplier leading;
    private final BooleanSupplier caughtUp;
    private final ExternalServices services;
    private final Function<Pin, List<String>> origins;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Known> known = new HashMap<>();
    /** Requests per service and status as of the last pass, for the meters (empty off the leader). */
    private final Map<String, Map<String, Integer>> counts = new ConcurrentHashMap<>();

    /**
     * @param leading  whether this peer leads now
     * @param caughtUp whether this peer's replica has applied every entry it knows committed
     */
    public ExternalReconciler(PinSetView pinset, BooleanSupplier leading, BooleanSupplier caughtUp,
                              ExternalServices services, Function<Pin, List<String>> origins, Settings settings,
                              Clock clock) {
        this.pinset = pinset;
        this.leading = leading;
        this.caughtUp = caughtUp;
        this.services = services;
        this.origins = origins;
        this.settings = settings;
        this.clock = clock;
    }

    public void pass() {
        if (!leading.getAsBoolean()) {
            known.clear();
            counts.clear();
            return;
        }
        boolean mayRemove = caughtUp.getAsBoolean(); // asked before the walk: the walk sees at least that much
        Map<String, Map<Cid, Pin>> wanted = wanted();
        for (Endpoint e : services.all()) {
            if (!e.health().mayCall()) {
                continue;
            }
            Known k = known.computeIfAbsent(e.name(), n -> new Known());
            try {
                reconcile(e, k, wanted.getOrDefault(e.name(), Map.of()), mayRemove);
            } catch (ExternalServiceException ex) {
                LOG.warn("external service {}: {}", e.name(), ex.getMessage());
            }
            counts.put(e.name(), count(k));
        }
    }

    /** The requests the last pass saw on {@code service} with {@code status}; 0 off the leader. */
    public int count(String service, String status) {
        return counts.getOrDefault(service, Map.of()).getOrDefault(status, 0);
    }

    /** For each service, the pins it should hold, from one walk of the pinset. */
    private Map<String, Map<Cid, Pin>> wanted() {
        Map<String, Map<Cid, Pin>> out = new HashMap<>();
        try (Stream<Pin> pins = pinset.pinsAfter(null)) {
            pins.forEach(pin -> {
                int n = services.copies(pin);
                for (Endpoint e : services.chosen(pin.cid(), n)) {
                    out.computeIfAbsent(e.name(), s -> new LinkedHashMap<>()).put(pin.cid(), pin);
                }
            });
        }
        return out;
    }

    private void reconcile(Endpoint e, Known k, Map<Cid, Pin> wanted, boolean mayRemove) {
        int[] budget = {settings.maxCallsPerPass()};
        Instant now = clock.instant();
        if (k.sweptAt == null || !now.isBefore(k.sweptAt.plus(settings.sweepInterval()))) {
            sweep(e, k, wanted, budget, mayRemove);
            k.sweptAt = now;
        }
        for (Pin pin : wanted.values()) {
            if (budget[0] <= 0) {
                return;
            }
            if (!k.pins.containsKey(pin.cid())) {
                RemotePin r = ExternalServices.call(e, c -> c.add(pin.cid(), nameOf(pin), origins.apply(pin),
                        services.tag()));
                budget[0]--;
                k.pins.put(pin.cid(), r);
                LOG.info("external service {}: asked to pin {} (request {})", e.name(), pin.cid(), r.requestId());
            }
        }
        for (Iterator<RemotePin> it = k.pins.values().iterator(); mayRemove && it.hasNext() && budget[0] > 0; ) {
            RemotePin r = it.next();
            if (!wanted.containsKey(r.cid())) {
                ExternalServices.call(e, c -> {
                    c.delete(r.requestId());
                    return null;
                });
                budget[0]--;
                it.remove();
                LOG.info("external service {}: removed {} (request {})", e.name(), r.cid(), r.requestId());
            }
        }
        follow(e, k, budget);
    }

    /**
     * Lists every request of this cluster on the service, keeping one per CID (the most advanced) and removing the
     * others; a wanted CID whose request failed is removed too, so the pass asks again.
     */
    private void sweep(Endpoint e, Known k, Map<Cid, Pin> wanted, int[] budget, boolean mayRemove) {
        List<RemotePin> all = ExternalServices.call(e, c -> c.all(services.tag()));
        budget[0] -= 1 + all.size() / PsaClient.MAX_LIMIT;
        Map<Cid, RemotePin> best = new HashMap<>();
        List<RemotePin> extra = new ArrayList<>();
        for (RemotePin r : all) {
            RemotePin old = best.get(r.cid());
            if (old == null || rank(r) > rank(old)) {
                best.put(r.cid(), r);
                if (old != null) {
                    extra.add(old);
                }
            } else {
                extra.add(r);
            }
        }
        for (RemotePin r : best.values()) {
            if (r.status().equals("failed") && wanted.containsKey(r.cid())) {
                extra.add(r);
            }
        }
        k.pins.clear();
        k.pins.putAll(best);
        for (RemotePin r : extra) {
            if (budget[0] <= 0 || !mayRemove) {
                break;
            }
            ExternalServices.call(e, c -> {
                c.delete(r.requestId());
                return null;
            });
            budget[0]--;
            k.pins.remove(r.cid(), r);
        }
    }

    /**
     * Asks for the status of the requests not yet pinned or failed, {@value PsaClient#MAX_CIDS} CIDs per call, and
     * of {@value PsaClient#MAX_CIDS} settled ones in turn: a provider may lose or drop a pin, and the call tells the
     * leader whether the service still answers, so its failures show and alert even while nothing changes.
     */
    private void follow(Endpoint e, Known k, int[] budget) {
        List<Cid> pending = k.pins.values().stream()
                .filter(r -> r.status().equals("queued") || r.status().equals("pinning")).map(RemotePin::cid).toList();
        for (int i = 0; i < pending.size() && budget[0] > 0; i += PsaClient.MAX_CIDS) {
            check(e, k, pending.subList(i, Math.min(pending.size(), i + PsaClient.MAX_CIDS)), budget);
        }
        List<Cid> settled = k.pins.values().stream()
                .filter(r -> !r.status().equals("queued") && !r.status().equals("pinning")).map(RemotePin::cid)
                .sorted().toList();
        if (settled.isEmpty() || budget[0] <= 0) {
            return;
        }
        List<Cid> next = settled.stream().filter(c -> k.recheckAfter == null || c.compareTo(k.recheckAfter) > 0)
                .limit(PsaClient.MAX_CIDS).toList();
        if (next.isEmpty()) {
            next = settled.subList(0, Math.min(settled.size(), PsaClient.MAX_CIDS));
        }
        k.recheckAfter = next.get(next.size() - 1);
        check(e, k, next, budget);
    }

    private void check(Endpoint e, Known k, List<Cid> batch, int[] budget) {
        List<RemotePin> seen = ExternalServices.call(e, c -> c.byCids(batch, services.tag()));
        budget[0]--;
        Map<Cid, RemotePin> byCid = new HashMap<>();
        seen.forEach(r -> byCid.merge(r.cid(), r, (a, b) -> rank(a) >= rank(b) ? a : b));
        for (Cid cid : batch) {
            RemotePin now = byCid.get(cid);
            if (now == null) {
                k.pins.remove(cid); // gone from the service: asked again at the next pass
            } else {
                k.pins.put(cid, now);
            }
        }
    }

    private static Map<String, Integer> count(Known k) {
        Map<String, Integer> c = new HashMap<>();
        k.pins.values().forEach(r -> c.merge(r.status(), 1, Integer::sum));
        return c;
    }

    /** Which of two requests for one CID to keep: the one furthest along. */
    static int rank(RemotePin r) {
        return switch (r.status()) {
            case "pinned" -> 3;
            case "pinning" -> 2;
            case "queued" -> 1;
            default -> 0;
        };
    }

    /** The name a request carries: the pin's, or its CID (the spec's name is optional, but services list by it). */
    static String nameOf(Pin pin) {
        String name = pin.options().name();
        return name.isEmpty() ? pin.cid().toString() : name;
    }
}
