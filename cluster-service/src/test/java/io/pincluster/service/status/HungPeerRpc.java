package io.pincluster.service.status;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.service.testing.UnreachablePeerRpc;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The peer RPC as seen from a peer whose cluster has one hung peer (frozen with SIGSTOP): calls to the hung peer
 * never answer; they end only when the caller gives up, by interrupting the calling thread (a blocking gRPC call
 * cancels itself then) or by closing the status stream (that cancels the call). The other peers report every pin
 * allocated to them as {@code pinned}. Counts the calls made and those still waiting, so a test can see that
 * nothing stays blocked on the hung peer.
 */
final class HungPeerRpc extends UnreachablePeerRpc {
    private final Map<PeerId, List<CidStatus>> answers;
    private final Set<PeerId> hung = ConcurrentHashMap.newKeySet();
    private final Map<PeerId, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Instant at;

    /**
     * @param answers each answering peer's statuses (in any order; streamed in CID order)
     */
    HungPeerRpc(Map<PeerId, List<CidStatus>> answers, Instant at) {
        this.answers = answers;
        this.at = at;
    }

    void hang(PeerId peer) {
        hung.add(peer);
    }

    /** The peer answers again, as after SIGCONT; calls already waiting stay stuck until their caller gives up. */
    void resume(PeerId peer) {
        hung.remove(peer);
    }

    /** Calls made to {@code peer} so far, of any kind. */
    int callsTo(PeerId peer) {
        return calls.computeIfAbsent(peer, p -> new AtomicInteger()).get();
    }

    /** Calls to hung peers that have not ended yet. */
    int waiting() {
        return waiting.get();
    }

    private boolean answers(PeerId peer) {
        calls.computeIfAbsent(peer, p -> new AtomicInteger()).incrementAndGet();
        return !hung.contains(peer);
    }

    @Override
    public PeerInfo id(PeerId target) {
        if (!answers(target)) {
            hangUntilInterrupted(target);
        }
        return new PeerInfo(target, "name-of-" + target, List.of(), List.of(), List.of(), "", "", "", "",
                PeerInfo.IpfsInfo.NONE, null);
    }

    @Override
    public PinInfo status(PeerId target, Cid cid) {
        if (!answers(target)) {
            hangUntilInterrupted(target);
        }
        return answers.getOrDefault(target, List.of()).stream().filter(s -> s.cid().equals(cid))
                .map(CidStatus::info).findFirst()
                .orElse(PinInfo.of(target, "name-of-" + target, TrackerStatus.UNPINNED, at));
    }

    @Override
    public Stream<CidStatus> statusAll(PeerId target, Set<TrackerStatus> filter) {
        if (answers(target)) {
            return answers.getOrDefault(target, List.of()).stream().sorted(java.util.Comparator.comparing(
                    CidStatus::cid)).filter(s -> filter.isEmpty() || filter.contains(s.info().status()));
        }
        CountDownLatch closed = new CountDownLatch(1);
        waiting.incrementAndGet();
        Iterator<CidStatus> never = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new ClusterException(ErrorCode.UNAVAILABLE, "call to " + target + " cancelled");
            }

            @Override
            public CidStatus next() {
                throw new NoSuchElementException();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(never, Spliterator.ORDERED), false)
                .onClose(() -> {
                    if (closed.getCount() > 0) {
                        closed.countDown();
                        waiting.decrementAndGet();
                    }
                });
    }

    private void hangUntilInterrupted(PeerId target) {
        waiting.incrementAndGet();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        throw new ClusterException(ErrorCode.UNAVAILABLE, "call to " + target + " cancelled");
    }
}
