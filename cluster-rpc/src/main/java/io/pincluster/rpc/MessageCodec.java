package io.pincluster.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Binary forms of the domain types that cross the peer RPC. Field order is the format; keep it stable. */
final class MessageCodec {
    private MessageCodec() {
    }

    static void writeCid(WireWriter w, Cid cid) {
        w.bytes(cid.bytes());
    }

    static Cid readCid(WireReader r) {
        try {
            return Cid.decode(r.bytes());
        } catch (CidParseException e) {
            throw WireReader.malformed("bad CID: " + e.getMessage());
        }
    }

    static void writePeerId(WireWriter w, PeerId peer) {
        w.bool(peer != null);
        if (peer != null) {
            w.string(peer.value());
        }
    }

    static PeerId readPeerId(WireReader r) {
        if (!r.bool()) {
            return null;
        }
        String s = r.string();
        try {
            return PeerId.parse(s);
        } catch (CidParseException e) {
            throw WireReader.malformed(e.getMessage());
        }
    }

    static void writePinInfo(WireWriter w, PinInfo p) {
        writePeerId(w, p.peer());
        w.string(p.peerName()).string(p.ipfsPeerId()).strings(p.ipfsPeerAddresses())
                .string(p.status().wireName()).instant(p.timestamp()).string(p.error())
                .int32(p.attemptCount()).bool(p.priorityPin());
    }

    static PinInfo readPinInfo(WireReader r) {
        return new PinInfo(readPeerId(r), r.string(), r.string(), r.strings(), readStatus(r), r.instant(),
                r.string(), r.int32(), r.bool());
    }

    static void writeStatuses(WireWriter w, Set<TrackerStatus> statuses) {
        w.int32(statuses.size());
        statuses.forEach(s -> w.string(s.wireName()));
    }

    static Set<TrackerStatus> readStatuses(WireReader r) {
        int n = r.count("status");
        Set<TrackerStatus> out = EnumSet.noneOf(TrackerStatus.class);
        for (int i = 0; i < n; i++) {
            out.add(readStatus(r));
        }
        return out;
    }

    static void writeCidStatuses(WireWriter w, List<CidStatus> batch) {
        w.int32(batch.size());
        for (CidStatus s : batch) {
            writeCid(w, s.cid());
            writePinInfo(w, s.info());
        }
    }

    static List<CidStatus> readCidStatuses(WireReader r) {
        int n = r.count("status entry");
        List<CidStatus> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new CidStatus(readCid(r), readPinInfo(r)));
        }
        return out;
    }

    static void writeMetrics(WireWriter w, List<Metric> metrics) {
        w.int32(metrics.size());
        for (Metric m : metrics) {
            w.string(m.name());
            writePeerId(w, m.peer());
            w.string(m.value()).int64(m.weight()).bool(m.partitionable()).instant(m.expire());
        }
    }

    static List<Metric> readMetrics(WireReader r) {
        int n = r.count("metric");
        List<Metric> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = r.string();
            PeerId peer = readPeerId(r);
            String value = r.string();
            long weight = r.int64();
            boolean partitionable = r.bool();
            try {
                // receivedAt is the receiver's business: it stamps metrics as they arrive.
                out.add(new Metric(name, peer, value, weight, partitionable, r.instant(), null));
            } catch (IllegalArgumentException e) {
                throw WireReader.malformed(e.getMessage());
            }
        }
        return out;
    }

    static void writeJoin(WireWriter w, JoinRequest j) {
        writePeerId(w, j.peer());
        w.string(j.peerName()).string(j.raftAddress()).string(j.rpcAddress());
    }

    static JoinRequest readJoin(WireReader r) {
        PeerId peer = readPeerId(r);
        if (peer == null) {
            throw WireReader.malformed("join request without a peer ID");
        }
        return new JoinRequest(peer, r.string(), r.string(), r.string());
    }

    static void writePeerInfo(WireWriter w, PeerInfo p) {
        writePeerId(w, p.id());
        w.string(p.peerName()).strings(p.addresses());
        w.int32(p.clusterPeers().size());
        p.clusterPeers().forEach(peer -> writePeerId(w, peer));
        w.strings(p.clusterPeersAddresses()).string(p.version()).string(p.commit()).string(p.rpcProtocolVersion())
                .string(p.error());
        w.string(p.ipfs().id()).strings(p.ipfs().addresses()).string(p.ipfs().error());
        PeerInfo.RaftInfo raft = p.raft();
        w.bool(raft != null);
        if (raft != null) {
            w.string(raft.role()).int64(raft.term()).int64(raft.commitIndex()).int64(raft.appliedIndex())
                    .int64(raft.lag());
            writePeerId(w, raft.leader());
        }
    }

    static PeerInfo readPeerInfo(WireReader r) {
        PeerId id = readPeerId(r);
        String name = r.string();
        List<String> addresses = r.strings();
        int n = r.count("cluster peer");
        List<PeerId> clusterPeers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            PeerId peer = readPeerId(r);
            if (peer == null) {
                throw WireReader.malformed("null cluster peer");
            }
            clusterPeers.add(peer);
        }
        List<String> clusterPeersAddresses = r.strings();
        String version = r.string();
        String commit = r.string();
        String rpcProtocolVersion = r.string();
        String error = r.string();
        PeerInfo.IpfsInfo ipfs = new PeerInfo.IpfsInfo(r.string(), r.strings(), r.string());
        PeerInfo.RaftInfo raft = null;
        if (r.bool()) {
            raft = new PeerInfo.RaftInfo(r.string(), r.int64(), r.int64(), r.int64(), r.int64(), readPeerId(r));
        }
        return new PeerInfo(id, name, addresses, clusterPeers, clusterPeersAddresses, version, commit,
                rpcProtocolVersion, error, ipfs, raft);
    }

    private static TrackerStatus readStatus(WireReader r) {
        String s = r.string();
        try {
            return TrackerStatus.parse(s);
        } catch (IllegalArgumentException e) {
            throw WireReader.malformed(e.getMessage());
        }
    }
}
