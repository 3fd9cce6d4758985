package io.pincluster.rpc;

import io.grpc.StatusRuntimeException;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.pin.CidStatus;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Flattens the streamed batches of a status call into single entries. gRPC's blocking iterator asks the server
 * for one more batch only when the previous one is consumed, so at most a few batches are in memory.
 */
final class StatusStream implements Iterator<CidStatus> {
    private final Iterator<List<CidStatus>> batches;
    private final Function<StatusRuntimeException, ClusterException> errors;
    private Iterator<CidStatus> current = Collections.emptyIterator();

    StatusStream(Iterator<List<CidStatus>> batches, Function<StatusRuntimeException, ClusterException> errors) {
        this.batches = batches;
        this.errors = errors;
    }

    Stream<CidStatus> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        try {
            while (!current.hasNext()) {
                if (!batches.hasNext()) {
                    return false;
                }
                current = batches.next().iterator();
            }
            return true;
        } catch (StatusRuntimeException e) {
            throw errors.apply(e);
        }
    }

    @Override
    public CidStatus next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
