package io.pincluster.service.external;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.ExternalCopies;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The configured external services and which of them hold a CID. A pin wanting {@code n} copies goes to the
 * {@code n} services that score highest for its CID (rendezvous hashing over the service names), so every peer and
 * every leader picks the same ones without recording the choice, and adding a service moves few CIDs. Requests made
 * by this cluster carry the metadata {@value #TAG_KEY} = the cluster's tag, which is how the leader finds them again.
 */
public final class ExternalServices {
    /** The metadata key this cluster marks its requests on a service with. */
    public static final String TAG_KEY = "pincluster-cluster";

    /** One configured service: its client and its health. */
    public record Endpoint(String name, PsaClient client, ServiceHealth health) {
    }

    private final List<Endpoint> endpoints;
    private final int defaultCopies;
    private final Map<String, String> tag;

    /**
     * @param defaultCopies {@code external.copies}: what a pin without {@code external-copies} metadata wants
     * @param clusterTag    names this cluster on the services (the secret's fingerprint: the same on every peer)
     */
    public ExternalServices(List<Endpoint> endpoints, int defaultCopies, String clusterTag) {
        this.endpoints = List.copyOf(endpoints);
        this.defaultCopies = defaultCopies;
        this.tag = Map.of(TAG_KEY, clusterTag);
    }

    public List<Endpoint> all() {
        return endpoints;
    }

    /** The metadata of this cluster's requests, and the filter that lists them. */
    public Map<String, String> tag() {
        return tag;
    }

    /** The external copies {@code pin} wants, at most one per service; shards and meta pins want none. */
    public int copies(Pin pin) {
        if (pin.type() != PinType.DATA || endpoints.isEmpty()) {
            return 0;
        }
        return Math.min(ExternalCopies.wanted(pin, defaultCopies), endpoints.size());
    }

    /** The services that should hold {@code cid} when it wants {@code n} copies, best first. */
    public List<Endpoint> chosen(Cid cid, int n) {
        if (n <= 0) {
            return List.of();
        }
        return endpoints.stream().sorted(Comparator.comparingLong((Endpoint e) -> score(e.name(), cid)).reversed()
                .thenComparing(Endpoint::name)).limit(n).toList();
    }

    /**
     * Calls {@code endpoint} unless it is backing off, recording the outcome in its health.
     *
     * @throws ExternalServiceException the call failed, or the service is backing off after failures
     */
    public static <T> T call(Endpoint endpoint, Function<PsaClient, T> call) {
        if (!endpoint.health().mayCall()) {
            throw new ExternalServiceException(endpoint.health().lastError()
                    .orElse(endpoint.name() + ": backing off after failures"));
        }
        try {
            T result = call.apply(endpoint.client());
            endpoint.health().succeeded();
            return result;
        } catch (ExternalServiceException e) {
            endpoint.health().failed(e.getMessage());
            throw e;
        }
    }

    private static long score(String service, Cid cid) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(service.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            byte[] d = sha.digest(cid.bytes());
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
