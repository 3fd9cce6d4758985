package io.pincluster.service.ops;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.component.PinApi;
import io.pincluster.core.component.ReplicatedPinset;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.ipld.unixfs.PathNotFoundException;
import io.pincluster.ipld.unixfs.UnixFsReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Pins, unpins and reads the pinset. Writes go through the Raft log (the leader allocates); reads come from this
 * peer's replica, once it applied the writes this peer acknowledged ({@link ReplicatedPinset#readYourWrites()}). Paths ({@code /ipfs/<cid>/a/b}) are resolved over the local block store with the UnixFS reader.
 */
public final class PinService implements PinApi {
    /** Told how each pin request ended (the metrics endpoint counts them). */
    public interface PinCounter {
        PinCounter NONE = failed -> { };

        void requested(boolean failed);
    }

    private final ReplicatedPinset consensus;
    private final UnixFsReader unixfs;
    private final PinCounter counter;

    public PinService(ReplicatedPinset consensus, NodeConnector connector) {
        this(consensus, connector, PinCounter.NONE);
    }

    public PinService(ReplicatedPinset consensus, NodeConnector connector, PinCounter counter) {
        this.consensus = consensus;
        this.unixfs = new UnixFsReader(connector::block);
        this.counter = counter;
    }

    /**
     * Pins {@code cid} through the log. A {@code pin_update} goes to the leader as it was asked: the leader alone
     * decides what the new pin takes from the old one.
     */
    @Override
    public CompletableFuture<Pin> pin(Cid cid, PinOptions options) {
        CompletableFuture<Pin> answer;
        try {
            answer = consensus.pinAsync(cid, options);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.whenComplete((pin, error) -> counter.requested(error != null));
    }

    @Override
    public CompletableFuture<Pin> unpin(Cid cid) {
        return consensus.unpinAsync(cid);
    }

    @Override
    public Pin allocation(Cid cid) {
        return consensus.readYourWrites().get(cid).orElseThrow(ClusterException::notPinned);
    }

    @Override
    public Stream<Pin> allocations(AllocationQuery query) {
        return consensus.readYourWrites().query(query);
    }

    /**
     * Resolves {@code path} in {@code namespace} to a CID: {@code ipfs} and {@code ipld} paths walk UnixFS
     * directories in the local store; {@code ipns} is not supported.
     */
    @Override
    public Cid resolve(String namespace, String path) {
        String ns = namespace == null ? "" : namespace;
        if (ns.equals("ipns")) {
            throw ClusterException.badRequest("IPNS paths are not supported");
        }
        if (!ns.equals("ipfs") && !ns.equals("ipld")) {
            throw ClusterException.badRequest("unknown namespace '" + ns + "' (use ipfs)");
        }
        List<String> segments = new ArrayList<>();
        for (String s : (path == null ? "" : path).split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        if (segments.isEmpty()) {
            throw ClusterException.badRequest("/" + ns + "/ path names no CID");
        }
        Cid root;
        try {
            root = Cid.parse(segments.get(0));
        } catch (CidParseException e) {
            throw ClusterException.badRequest("invalid CID in path: " + e.getMessage());
        }
        if (segments.size() == 1) {
            return root;
        }
        try {
            return unixfs.resolve(root, segments.subList(1, segments.size()));
        } catch (PathNotFoundException e) {
            throw new ClusterException(ErrorCode.NOT_FOUND, e.getMessage(), e);
        } catch (IOException e) {
            throw new ClusterException(ErrorCode.INTERNAL, "cannot resolve /" + ns + "/" + path + ": "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw ClusterException.badRequest("cannot resolve /" + ns + "/" + path + ": " + e.getMessage());
        }
    }
}
