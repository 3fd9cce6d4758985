package io.pincluster.rest.psa;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.PinApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptionLimits;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaTable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Keeps the cluster pinset in line with the pin requests: a CID is pinned while any request names it, with the
 * highest replication any of them asks (-1, every peer, is the highest; 0, the cluster's default, the lowest), and
 * unpinned when the last request naming it goes. The cluster pin it makes carries the metadata
 * {@value #MARK_KEY} (the replication asked), so a pin someone made through the REST API is never changed or
 * removed here (the requests then rely on that pin). The most copies the pin may have is the highest
 * {@code replication_factor_max} of the tenant records of the requests' owners (decision 0017), when the replication
 * asked is a number; the mark then reads {@code min/max}.
 *
 * <p>The requests and the pin are two entries of the log, not one: each call reads the requests as this peer has
 * applied them after its own change was applied, and a removal checks again after its unpin, so that a request
 * added by another peer meanwhile is pinned again. The end state is right; in between, a CID may be unpinned
 * for a moment while a new request for it is being added elsewhere.
 */
final class PsaPinset {
    static final String MARK_KEY = "pincluster-psa";

    private final PsaTable requests;
    private final PinApi pins;

    PsaPinset(PsaTable requests, PinApi pins) {
        this.requests = requests;
        this.pins = pins;
    }

    /** After a request naming {@code cid} was added: pins it, or raises its replication. */
    void keep(Cid cid) {
        List<PsaPin> naming = requests.byCid(cid);
        if (naming.isEmpty()) {
            return; // removed meanwhile; its remover unpins
        }
        int wanted = highest(naming);
        int most = most(naming, wanted);
        String mark = most == wanted ? Integer.toString(wanted) : wanted + "/" + most;
        List<String> origins = origins(naming);
        Pin current = allocation(cid);
        // The mark holds the replication asked (the pin's own factors may be the cluster's default, resolved).
        if (current == null || isOurs(current) && (!mark.equals(current.options().metadata().get(MARK_KEY))
                || !origins.equals(current.options().origins()))) {
            ClusterException.await(pins.pin(cid, options(wanted, most, mark, origins)));
        }
    }

    /** After a request naming {@code cid} was removed: unpins it when no request names it any more. */
    void release(Cid cid) {
        if (!requests.byCid(cid).isEmpty()) {
            keep(cid); // the replication may go down
            return;
        }
        Pin current = allocation(cid);
        if (current == null || !isOurs(current)) {
            return;
        }
        try {
            ClusterException.await(pins.unpin(cid));
        } catch (ClusterException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        keep(cid); // a request for it added by another peer while this one unpinned
    }

    private Pin allocation(Cid cid) {
        try {
            return pins.allocation(cid);
        } catch (ClusterException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static boolean isOurs(Pin pin) {
        return pin.options().metadata().containsKey(MARK_KEY);
    }

    /** -1 (every peer) above everything, then the largest factor; 0 (the cluster's default) when none asks more. */
    static int highest(List<PsaPin> naming) {
        int wanted = 0;
        for (PsaPin p : naming) {
            if (p.replication() == -1) {
                return -1;
            }
            wanted = Math.max(wanted, p.replication());
        }
        return wanted;
    }

    /** The replication maximum: the highest override of the owners' tenant records above {@code wanted}. */
    private int most(List<PsaPin> naming, int wanted) {
        if (wanted <= 0) {
            return wanted; // every peer, or the cluster's default: no maximum of its own
        }
        int most = wanted;
        for (PsaPin p : naming) {
            int max = requests.tenant(p.owner()).map(io.pincluster.core.psa.Tenant::replicationMax).orElse(0);
            most = Math.max(most, max);
        }
        return most;
    }

    /**
     * The origins the requests naming a CID give, in request order, each once, as many as a cluster pin takes: the
     * cluster pin carries them so that a peer whose connector can dial them does (decision 0025). An address longer
     * than a cluster pin accepts is left out rather than failing the pin.
     */
    static List<String> origins(List<PsaPin> naming) {
        LinkedHashSet<String> merged = new LinkedHashSet<>();
        for (PsaPin p : naming) {
            for (String origin : p.origins()) {
                if (merged.size() < PinOptionLimits.MAX_ORIGINS
                        && origin.length() <= PinOptionLimits.MAX_ORIGIN_CHARS) {
                    merged.add(origin);
                }
            }
        }
        return List.copyOf(merged);
    }

    private static PinOptions options(int min, int max, String mark, List<String> origins) {
        return new PinOptions(min, max, "", null, 0, List.of(), null, Map.of(MARK_KEY, mark), null, origins);
    }
}
