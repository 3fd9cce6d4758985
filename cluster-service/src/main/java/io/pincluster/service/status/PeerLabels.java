package io.pincluster.service.status;

import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The name and IPFS identity of other peers, for the {@code peer_map} entries this peer writes on their behalf
 * ({@code remote}, {@code cluster_error}, {@code unpinned}). Learned from each peer's {@code id} answer in the
 * background and kept; never blocks a status call, so a peer not known yet shows an empty name. A peer known to hang
 * is not asked: the call would only wait out its RPC deadline.
 */
public final class PeerLabels {
    /** What a peer_map entry shows about its peer. */
    public record Label(String peerName, String ipfsPeerId, java.util.List<String> ipfsAddresses) {
        static final Label UNKNOWN = new Label("", "", java.util.List.of());
    }

    private record Entry(Label label, Instant askedAt, boolean asking) {
    }

    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final Function<PeerId, PeerInfo> askId;
    private final Executor executor;
    private final Clock clock;
    private final Predicate<PeerId> askable;
    private final ConcurrentHashMap<PeerId, Entry> known = new ConcurrentHashMap<>();

    public PeerLabels(PeerRpc rpc, Executor executor, Clock clock) {
        this(rpc::id, executor, clock, peer -> true);
    }

    /**
     * @param askId   asks a peer who it is (e.g. bounded by the status deadline)
     * @param askable whether a peer may be asked now (e.g. not while it is known to hang)
     */
    public PeerLabels(Function<PeerId, PeerInfo> askId, Executor executor, Clock clock, Predicate<PeerId> askable) {
        this.askId = askId;
        this.executor = executor;
        this.clock = clock;
        this.askable = askable;
    }

    /** Records what a peer said about itself (e.g. in a status answer). */
    public void learn(PeerId peer, Label label) {
        if (!label.peerName().isEmpty()) {
            known.put(peer, new Entry(label, clock.instant(), false));
        }
    }

    /** The best label known now; asks the peer in the background when none is known or the last ask failed. */
    public Label of(PeerId peer) {
        if (!askable.test(peer)) {
            Entry e = known.get(peer);
            return e == null ? Label.UNKNOWN : e.label;
        }
        Instant now = clock.instant();
        boolean[] ask = {false};
        Entry e = known.compute(peer, (p, old) -> {
            if (old != null && (old.asking || old.label != Label.UNKNOWN
                    || old.askedAt.plus(RETRY_AFTER).isAfter(now))) {
                return old;
            }
            ask[0] = true;
            return new Entry(old == null ? Label.UNKNOWN : old.label, now, true);
        });
        if (ask[0]) {
            try {
                CompletableFuture.supplyAsync(() -> askId.apply(peer), executor).whenComplete((info, failure) ->
                        known.put(peer, new Entry(failure == null ? label(info) : Label.UNKNOWN, clock.instant(),
                                false)));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                known.put(peer, new Entry(Label.UNKNOWN, now, false));
            }
        }
        return e.label;
    }

    private static Label label(PeerInfo info) {
        return new Label(info.peerName(), info.ipfs().id(), info.ipfs().addresses());
    }
}
