package io.pincluster.service.status;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Another peer's status stream, read ahead on a pool thread so the merge waits at most the status deadline for its
 * next item. Reading a hung peer's stream blocks with no end in sight (its connection stays open); here the peer
 * gets the deadline from the moment the reader started waiting for the item (or the merge took the previous one,
 * if that was later: a reader held up by a full queue was not waiting for the peer), then it is recorded in
 * {@link SilentPeers}, its call is cancelled (the stream closed, the reading thread interrupted) and the next
 * {@link #hasNext} throws with the text its entries show. Streams opened together wait out their deadlines
 * together, so two hung peers cost one deadline, not two.
 */
public final class DeadlineStream implements Iterator<CidStatus>, AutoCloseable {
    /** Items read ahead: one RPC batch, so a peer that answers promptly never waits on the merge's hand-over. */
    private static final int READ_AHEAD = 256;
    private static final Object END = new Object();

    private record Failure(RuntimeException error) {
    }

    private final PeerId peer;
    private final SilentPeers silent;
    private final long deadlineNanos;
    private final BlockingQueue<Object> items = new ArrayBlockingQueue<>(READ_AHEAD);
    private volatile long waitingSince = System.nanoTime();
    /** When the merge last took an item: a reader that was held up by a full queue gets its deadline from then. */
    private long lastTaken = waitingSince;
    private volatile Stream<CidStatus> source;
    private volatile boolean closed;
    private Future<?> reader;
    private CidStatus head;
    private boolean ended;

    private DeadlineStream(PeerId peer, SilentPeers silent) {
        this.peer = peer;
        this.silent = silent;
        this.deadlineNanos = silent.deadline().toNanos();
    }

    /** Opens {@code source} on {@code pool} and starts reading it; closing the returned stream cancels both. */
    public static Stream<CidStatus> open(PeerId peer, Supplier<Stream<CidStatus>> source, ExecutorService pool,
                                  SilentPeers silent) {
        DeadlineStream s = new DeadlineStream(peer, silent);
        s.reader = pool.submit(() -> s.read(source));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(s, Spliterator.ORDERED
                | Spliterator.NONNULL), false).onClose(s::close);
    }

    private void read(Supplier<Stream<CidStatus>> open) {
        try {
            items.put(readAll(open));
        } catch (InterruptedException cancelled) {
            Thread.currentThread().interrupt(); // closed: nobody waits for the rest
        }
    }

    /** Hands every item over as it arrives; returns what ends the stream (END or the failure). */
    private Object readAll(Supplier<Stream<CidStatus>> open) throws InterruptedException {
        try {
            Stream<CidStatus> s = open.get();
            source = s;
            if (closed) {
                s.close(); // closed while opening: close() did not see it
                return END;
            }
            Iterator<CidStatus> it = s.iterator();
            while (true) {
                waitingSince = System.nanoTime();
                if (!it.hasNext()) {
                    return END;
                }
                items.put(it.next());
            }
        } catch (RuntimeException e) {
            return new Failure(e);
        }
    }

    @Override
    public boolean hasNext() {
        if (head != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        Object next = take();
        if (next == END) {
            ended = true;
            return false;
        }
        if (next instanceof Failure f) {
            ended = true;
            throw f.error();
        }
        head = (CidStatus) next;
        return true;
    }

    private Object take() {
        try {
            while (true) {
                Object next = items.poll();
                if (next != null) {
                    return taken(next);
                }
                long since = waitingSince;
                if (lastTaken - since > 0) {
                    since = lastTaken;
                }
                long left = since + deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw missed();
                }
                next = items.poll(left, TimeUnit.NANOSECONDS);
                if (next != null) {
                    return taken(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            ended = true;
            throw new ClusterException(ErrorCode.UNAVAILABLE, "interrupted while waiting for peer " + peer);
        }
    }

    private Object taken(Object item) {
        lastTaken = System.nanoTime();
        return item;
    }

    private ClusterException missed() {
        silent.missed(peer);
        close();
        ended = true;
        return new ClusterException(ErrorCode.TIMEOUT, silent.missedText());
    }

    @Override
    public CidStatus next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CidStatus out = head;
        head = null;
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Stream<CidStatus> s = source;
        if (s != null) {
            try {
                s.close(); // cancels the RPC call: a reader blocked on it wakes up with an error
            } catch (RuntimeException ignored) {
                // closing a broken call: nothing left to report
            }
        }
        if (reader != null) {
            reader.cancel(true); // a reader blocked handing over an item, or in a call that ignores close
        }
    }
}
