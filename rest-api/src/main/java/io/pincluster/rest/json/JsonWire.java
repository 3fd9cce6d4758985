package io.pincluster.rest.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.PinOptions;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Maps domain objects to their ipfs-cluster JSON and serializes them. */
public final class JsonWire {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private JsonWire() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] bytes(Object wireObject) {
        try {
            return MAPPER.writeValueAsBytes(wireObject);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize " + wireObject.getClass().getSimpleName(), e);
        }
    }

    public static PinJson pin(Pin pin) {
        PinOptions o = pin.options();
        return new PinJson(o.replicationMin(), o.replicationMax(), o.name(), o.mode().wireName(), o.shardSize(),
                o.userAllocations().isEmpty() ? null : peerIds(o.userAllocations()), WireTime.format(o.expireAt()),
                new TreeMap<>(o.metadata()), cidOrNull(o.pinUpdate()), o.origins(), pin.cid().toString(),
                pin.type().wireName(), peerIds(pin.allocations()), pin.maxDepth(), cidOrNull(pin.reference()),
                WireTime.format(pin.timestamp()));
    }

    public static GlobalPinInfoJson globalPinInfo(GlobalPinInfo g) {
        Map<String, PinInfoJson> peers = new LinkedHashMap<>();
        g.peerMap().forEach((peer, info) -> peers.put(peer.value(), pinInfo(info)));
        Map<String, ExternalHolderJson> external = new LinkedHashMap<>();
        g.external().forEach((service, h) -> external.put(service, new ExternalHolderJson(h.status(), h.requestId(),
                WireTime.format(h.timestamp()), h.error())));
        GlobalPinInfoJson.ColdJson cold = g.cold() == null ? null : new GlobalPinInfoJson.ColdJson(
                g.cold().objectKey(), g.cold().sha256(), g.cold().size(), g.cold().pieceCid(),
                WireTime.format(g.cold().archivedAt()));
        return new GlobalPinInfoJson(g.cid().toString(), g.name(), peerIds(g.allocations()), g.origins(),
                WireTime.format(g.created()), new TreeMap<>(g.metadata()), peers, external, cold);
    }

    static PinInfoJson pinInfo(PinInfo i) {
        return new PinInfoJson(i.peerName(), i.ipfsPeerId(), i.ipfsPeerAddresses(), i.status().wireName(),
                WireTime.format(i.timestamp()), i.error(), i.attemptCount(), i.priorityPin());
    }

    public static IdJson id(PeerInfo p) {
        PeerInfo.RaftInfo r = p.raft();
        IdJson.Raft raft = r == null ? null : new IdJson.Raft(r.role(), r.term(), r.commitIndex(), r.appliedIndex(),
                r.lag(), r.leader() == null ? null : r.leader().value());
        return new IdJson(p.id().value(), p.addresses(), peerIds(p.clusterPeers()), p.clusterPeersAddresses(),
                p.version(), p.commit(), p.rpcProtocolVersion(), p.error(),
                new IdJson.Ipfs(p.ipfs().id(), p.ipfs().addresses(), p.ipfs().error()), p.peerName(), raft);
    }

    public static AddedOutputJson addedOutput(AddedOutput a) {
        return new AddedOutputJson(a.name() == null ? "" : a.name(), cidOrNull(a.cid()), a.bytes(), a.size(),
                peerIds(a.allocations()));
    }

    /** A metric as {@code /monitor/metrics/{name}} shows it; {@code valid} as of {@code now}. */
    public static MetricJson metric(Metric m, Instant now) {
        return new MetricJson(m.name(), m.peer().value(), m.value(), m.expireUnixNanos(), m.isValidAt(now),
                m.weight(), m.partitionable(), m.receivedAtUnixNanos());
    }

    /** An alert as {@code /health/alerts} shows it; {@code valid} as of {@code now}. */
    public static AlertJson alert(Alert a, Instant now) {
        return new AlertJson(metric(a.metric(), now), a.triggeredAtUnixNanos());
    }

    private static List<String> peerIds(List<PeerId> peers) {
        return peers.stream().map(PeerId::value).toList();
    }

    private static String cidOrNull(Cid cid) {
        return cid == null ? null : cid.toString();
    }
}
