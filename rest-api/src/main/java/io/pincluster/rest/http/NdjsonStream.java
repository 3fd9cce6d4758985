package io.pincluster.rest.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Serves a {@link Stream} from the cluster as ipfs-cluster's streamed NDJSON: pulled one item at a time
 * on a blocking thread, so neither side materialises it; 204 when empty.
 */
public final class NdjsonStream {
    private NdjsonStream() {
    }

    public static <T> HttpResponse serve(ServiceRequestContext ctx, Supplier<Stream<T>> open,
                                         Function<? super T, ?> toWire) {
        ctx.clearRequestTimeout(); // a stream of a million pins takes as long as the client reads
        HttpResponseWriter response = HttpResponse.streaming();
        NdjsonWriter writer = new NdjsonWriter(response, HttpStatus.NO_CONTENT, ResponseHeaders.of(HttpStatus.OK),
                ctx.eventLoop());
        ctx.blockingTaskExecutor().execute(() -> pump(writer, open, toWire));
        return response;
    }

    private static <T> void pump(NdjsonWriter writer, Supplier<Stream<T>> open, Function<? super T, ?> toWire) {
        try (Stream<T> stream = open.get()) {
            Iterator<T> it = stream.iterator();
            while (it.hasNext()) {
                writer.emit(toWire.apply(it.next()));
            }
            writer.finish(null);
        } catch (NdjsonWriter.ClientGoneException gone) {
            writer.abandon();
        } catch (RuntimeException | Error e) {
            writer.finish(e);
        }
    }
}
