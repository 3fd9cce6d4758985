package io.pincluster.rpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.pincluster.core.pin.CidStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Sends a handler's status stream in batches, only while the transport is ready for more, so the stream is
 * pulled at the receiver's pace and never buffered whole. Closes the handler's stream when the call ends,
 * fails or is cancelled.
 */
final class StatusPump {
    private final Stream<CidStatus> source;
    private final Iterator<CidStatus> items;
    private final ServerCallStreamObserver<List<CidStatus>> out;
    private final int batchSize;
    private final String method;
    private boolean finished;

    private StatusPump(Stream<CidStatus> source, ServerCallStreamObserver<List<CidStatus>> out, int batchSize,
                       String method) {
        this.source = source;
        this.items = source.iterator();
        this.out = out;
        this.batchSize = batchSize;
        this.method = method;
    }

    /** Must run inside the server method's invocation, where gRPC allows installing the handlers. */
    static void start(Stream<CidStatus> source, ServerCallStreamObserver<List<CidStatus>> out, int batchSize,
                      String method) {
        StatusPump pump = new StatusPump(source, out, batchSize, method);
        out.setOnCancelHandler(pump::cancelled);
        out.setOnReadyHandler(pump::drain);
        pump.drain();
    }

    private synchronized void drain() {
        try {
            while (!finished && out.isReady()) {
                List<CidStatus> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && items.hasNext()) {
                    batch.add(items.next());
                }
                if (!batch.isEmpty()) {
                    out.onNext(batch);
                }
                if (!items.hasNext()) {
                    finish();
                    out.onCompleted();
                }
            }
        } catch (RuntimeException e) {
            if (!finished) {
                finish();
                out.onError(RpcErrors.toStatus(e, method));
            }
        }
    }

    private synchronized void cancelled() {
        finish();
    }

    private void finish() {
        if (!finished) {
            finished = true;
            source.close();
        }
    }
}
