package io.pincluster.service.external;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.pin.Pin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code origins} of a request to an external service: the IPFS addresses the peers holding the pin published
 * in their {@code ping} metric ({@code ipfs_addresses}), at most {@value #MAX} (the spec's limit). Empty when they
 * publish none, as with the embedded block store, which no IPFS node can dial.
 */
public final class PeerOrigins implements Function<Pin, List<String>> {
    static final int MAX = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<? extends Collection<Metric>> pings;

    /** @param pings every peer's latest valid {@code ping} metric */
    public PeerOrigins(Supplier<? extends Collection<Metric>> pings) {
        this.pings = pings;
    }

    @Override
    public List<String> apply(Pin pin) {
        List<String> out = new ArrayList<>();
        for (Metric m : pings.get()) {
            if (!pin.isAllocatedTo(m.peer()) && !pin.allocations().isEmpty()) {
                continue;
            }
            try {
                for (JsonNode a : JSON.readTree(m.value()).path("ipfs_addresses")) {
                    String addr = a.asText("");
                    if (addr.startsWith("/") && !out.contains(addr) && out.size() < MAX) {
                        out.add(addr);
                    }
                }
            } catch (IOException e) {
                // a ping from a peer of another build: no addresses from it
            }
        }
        return out;
    }
}
