package io.pincluster.rest.proxy;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.component.AddApi;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.error.ClusterException;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.http.NdjsonWriter;
import io.pincluster.rest.query.AddOptionsQuery;
import io.pincluster.rest.routes.MultipartUploads;
import java.time.Duration;
import io.pincluster.core.component.UploadPart;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code add}: the upload goes through the cluster's own add pipeline ({@link AddApi}, the one behind the REST
 * {@code /add}), so the same options give the same CIDs, and the root is pinned in the cluster unless
 * {@code pin=false}. Cluster pin options ({@code replication-min}, {@code name}, ...) are accepted as on the REST
 * {@code /add}. Lines are Kubo's: {@code {"Name","Hash","Size"}} with {@code Size} a string, and
 * {@code {"Name","Bytes"}} progress lines.
 */
final class AddCommand {
    private final AddApi adds;
    private final AddOptionsQuery options;
    private final Duration partTimeout;

    AddCommand(AddApi adds, AddOptionsQuery options, Duration partTimeout) {
        this.adds = adds;
        this.options = options;
        this.partTimeout = partTimeout;
    }

    /** What Kubo prints: everything, only the root ({@code quieter}), or nothing ({@code silent}). */
    private enum Verbosity { ALL, ROOT, NONE }

    HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        AddRequest request;
        Verbosity verbosity;
        try {
            Uploads.check(ctx, req, "add");
            QueryParams q = ctx.queryParams();
            rejectUnsupported(q);
            AddRequest parsed = options.parse(q).request();
            boolean noPin = !KuboArgs.bool(q, "pin", true) || parsed.noPin();
            request = new AddRequest(parsed.pinOptions(), parsed.cidVersion(), parsed.rawLeaves(), parsed.chunkSize(),
                    parsed.recursive(), parsed.hidden(), parsed.wrapWithDirectory(), parsed.progress(), noPin,
                    parsed.local(), parsed.format());
            verbosity = KuboArgs.bool(q, "silent", false) ? Verbosity.NONE
                    : KuboArgs.bool(q, "quieter", false) ? Verbosity.ROOT : Verbosity.ALL;
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        ctx.clearRequestTimeout(); // an upload of gigabytes: each part's wait is bounded instead
        MultipartUploads parts = Uploads.open(ctx, req, partTimeout);
        HttpResponseWriter response = HttpResponse.streaming();
        ResponseHeaders extra = ResponseHeaders.builder(HttpStatus.OK).add("x-chunked-output", "1")
                .add("cache-control", "no-cache").build();
        NdjsonWriter writer = new NdjsonWriter(response, HttpStatus.OK, extra, ctx.eventLoop());
        ctx.blockingTaskExecutor().execute(() -> run(request, verbosity, parts, writer));
        return response;
    }

    /** Options that change what Kubo would store or print in ways this cluster does not do: a 400, never ignored. */
    private static void rejectUnsupported(QueryParams q) {
        for (String name : new String[] {"only-hash", "trickle", "inline", "nocopy", "fscache", "to-files",
                "preserve-mode", "preserve-mtime"}) {
            String v = q.get(name);
            if (v != null && KuboArgs.bool(q, name, false)) {
                throw ClusterException.badRequest("add: " + name + " is not supported by the cluster");
            }
        }
    }

    /**
     * Kubo clients send content given without a name (bytes, a string) as a part with an empty file name, which
     * Kubo names by its CID; the importer needs a name, so such a part gets {@link #UNNAMED} (a name never affects an
     * unwrapped file's CID) and its line is named by the CID again. Wrapping it in a directory would need a name.
     */
    static final String UNNAMED = "unnamed-upload";

    private static Iterator<UploadPart> named(Iterator<UploadPart> parts, boolean wrap) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return parts.hasNext();
            }

            @Override
            public UploadPart next() {
                UploadPart p = parts.next();
                if (!p.directory() && p.path().isEmpty()) {
                    if (wrap) {
                        throw ClusterException.badRequest("add: wrap-with-directory needs every file to have a name");
                    }
                    return new UploadPart(UNNAMED, false, p.content());
                }
                return p;
            }
        };
    }

    private void run(AddRequest request, Verbosity verbosity, MultipartUploads parts, NdjsonWriter writer) {
        // Only the last line is the root (AddService sends it after the pin); hold each line until the next comes.
        Object[] last = new Object[1];
        Consumer<AddedOutput> output = out -> {
            if (out.cid() == null) {
                if (request.progress() && verbosity == Verbosity.ALL) {
                    writer.emit(progress(out));
                }
                return;
            }
            if (last[0] != null && verbosity == Verbosity.ALL) {
                writer.emit(last[0]);
            }
            last[0] = added(out);
        };
        try {
            adds.add(request, named(parts, request.wrapWithDirectory()), output);
            if (last[0] != null && verbosity != Verbosity.NONE) {
                writer.emit(last[0]);
            }
            writer.writeRaw(new byte[0]); // silent: an empty 200, not Armeria's "200 OK" text
            writer.finish(null);
        } catch (NdjsonWriter.ClientGoneException gone) {
            parts.cancel();
            writer.abandon();
        } catch (RuntimeException | Error e) {
            parts.cancel();
            writer.finish(e);
        }
    }

    private static Map<String, Object> progress(AddedOutput out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", UNNAMED.equals(out.name()) ? "" : out.name());
        m.put("Bytes", out.bytes());
        return m;
    }

    /** Kubo names an unnamed upload (raw bytes, no file name) by its CID. */
    private static Map<String, Object> added(AddedOutput out) {
        String hash = out.cid().toString();
        Map<String, Object> m = new LinkedHashMap<>();
        boolean unnamed = out.name() == null || out.name().isEmpty() || out.name().equals(UNNAMED);
        m.put("Name", unnamed ? hash : out.name());
        m.put("Hash", hash);
        m.put("Size", Long.toString(out.size()));
        return m;
    }
}
