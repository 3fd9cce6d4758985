package io.pincluster.rest.proxy;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.component.PinApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.error.Excerpt;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.rest.http.Blocking;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.http.NdjsonWriter;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.query.PinOptionsQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code pin/add}, {@code pin/rm}, {@code pin/ls} and {@code pin/update} on the cluster pinset, as ipfs-cluster's
 * proxy does them: a Kubo pin becomes a cluster pin (with the cluster pin options of the query, e.g.
 * {@code replication-min}), and {@code pin/ls} lists the cluster pinset, not one node's. The pinset has recursive
 * and direct pins; no pin is {@code indirect} in it.
 */
final class PinCommands {
    /** Entries per write when {@code pin/ls} streams the whole pinset as one {@code Keys} object. */
    private static final int KEYS_PER_CHUNK = 256;
    private static final byte[] NO_BYTES = new byte[0];

    private final PinApi pins;
    private final PinOptionsQuery options;

    PinCommands(PinApi pins, PinOptionsQuery options) {
        this.pins = pins;
        this.options = options;
    }

    HttpResponse add(ServiceRequestContext ctx, HttpRequest req) {
        QueryParams q = ctx.queryParams();
        return Blocking.json(ctx, () -> {
            List<String> args = KuboArgs.args(q, "pin/add", 1);
            PinOptions o = withMode(options.parse(q), KuboArgs.bool(q, "recursive", true));
            List<Cid> cids = args.stream().map(a -> KuboArgs.cid(pins, a)).toList();
            List<String> pinned = new ArrayList<>();
            for (Cid cid : cids) {
                ClusterException.await(pins.pin(cid, o));
                pinned.add(cid.toString());
            }
            return Map.of("Pins", pinned);
        });
    }

    HttpResponse rm(ServiceRequestContext ctx, HttpRequest req) {
        QueryParams q = ctx.queryParams();
        return Blocking.json(ctx, () -> {
            List<String> args = KuboArgs.args(q, "pin/rm", 1);
            KuboArgs.bool(q, "recursive", true); // checked for syntax only: the cluster pin goes, whatever its mode
            List<Cid> cids = args.stream().map(a -> KuboArgs.cid(pins, a)).toList();
            List<String> removed = new ArrayList<>();
            for (Cid cid : cids) {
                pinned(cid, "not pinned or pinned indirectly");
                ClusterException.await(pins.unpin(cid));
                removed.add(cid.toString());
            }
            return Map.of("Pins", removed);
        });
    }

    /**
     * {@code pin/update?arg=<from>&arg=<to>}: pins {@code to} with {@code from}'s options and allocations (the
     * cluster's {@code pin-update}), then unpins {@code from} unless {@code unpin=false}.
     */
    HttpResponse update(ServiceRequestContext ctx, HttpRequest req) {
        QueryParams q = ctx.queryParams();
        return Blocking.json(ctx, () -> {
            List<String> args = KuboArgs.args(q, "pin/update", 2);
            if (args.size() != 2) {
                throw ClusterException.badRequest("pin/update: takes exactly two arguments, from-path and to-path, not "
                        + args.size());
            }
            boolean unpin = KuboArgs.bool(q, "unpin", true);
            Cid from = KuboArgs.cid(pins, args.get(0));
            Cid to = KuboArgs.cid(pins, args.get(1));
            Pin old = pinned(from, "'from' cid was not recursively pinned already");
            if (old.options().mode() != PinMode.RECURSIVE) {
                throw ClusterException.badRequest("'from' cid was not recursively pinned already");
            }
            PinOptions o = options.parse(q);
            o = new PinOptions(o.replicationMin(), o.replicationMax(), o.name(), o.mode(), o.shardSize(),
                    o.userAllocations(), o.expireAt(), o.metadata(), from, o.origins());
            ClusterException.await(pins.pin(to, o));
            if (unpin && !from.equals(to)) {
                ClusterException.await(pins.unpin(from));
            }
            return Map.of("Pins", List.of(from.toString(), to.toString()));
        });
    }

    /**
     * {@code pin/ls}: the named pins, or the whole pinset in CID order. {@code stream=true} gives one
     * {@code {"Cid","Name","Type"}} line per pin; otherwise one {@code {"Keys":{...}}} object, written as it is read so
     * a large pinset is never held in memory.
     */
    HttpResponse ls(ServiceRequestContext ctx, HttpRequest req) {
        QueryParams q = ctx.queryParams();
        String type;
        boolean stream;
        boolean quiet;
        try {
            type = q.get("type", "all");
            if (!Set.of("all", "recursive", "direct", "indirect").contains(type)) {
                throw ClusterException.badRequest("invalid type '" + Excerpt.of(type)
                        + "', must be one of {direct, indirect, recursive, all}");
            }
            stream = KuboArgs.bool(q, "stream", false);
            quiet = KuboArgs.bool(q, "quiet", false);
            KuboArgs.args(q, "pin/ls", 0);
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        List<String> args = q.getAll("arg");
        if (!args.isEmpty()) {
            String wanted = type;
            return HttpResponse.of(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    List<Pin> found = new ArrayList<>();
                    for (String a : args) {
                        Cid cid = KuboArgs.cid(pins, a);
                        Pin p = pinned(cid, "path '" + Excerpt.of(a) + "' is not pinned");
                        if (!matches(p, wanted)) {
                            throw new ClusterException(ErrorCode.NOT_FOUND, "path '" + Excerpt.of(a)
                                    + "' is not pinned as " + wanted);
                        }
                        found.add(p);
                    }
                    StringBuilder body = new StringBuilder();
                    if (stream) {
                        for (Pin p : found) {
                            body.append(new String(JsonWire.bytes(line(p, quiet)), StandardCharsets.UTF_8)).append('\n');
                        }
                    } else {
                        Map<String, Object> keys = new LinkedHashMap<>();
                        found.forEach(p -> keys.put(p.cid().toString(), entry(p, quiet)));
                        body.append(new String(JsonWire.bytes(Map.of("Keys", keys)), StandardCharsets.UTF_8))
                                .append('\n');
                    }
                    return HttpResponse.of(HttpStatus.OK, com.linecorp.armeria.common.MediaType.JSON,
                            body.toString());
                } catch (RuntimeException e) {
                    return ErrorResponses.of(e);
                }
            }, ctx.blockingTaskExecutor()));
        }
        HttpResponseWriter response = HttpResponse.streaming();
        NdjsonWriter writer = new NdjsonWriter(response, HttpStatus.OK, ResponseHeaders.builder(HttpStatus.OK)
                .add("x-chunked-output", "1").build(), ctx.eventLoop());
        ctx.clearRequestTimeout(); // a million pins: bounded by the idle timeout and the client's reading instead
        String wanted = type;
        ctx.blockingTaskExecutor().execute(() -> listAll(writer, wanted, stream, quiet));
        return response;
    }

    private void listAll(NdjsonWriter writer, String type, boolean stream, boolean quiet) {
        try (Stream<Pin> all = pins.allocations(new AllocationQuery(Set.of(PinType.DATA), null, false, null, null,
                null, 0))) {
            Iterator<Pin> it = all.filter(p -> matches(p, type)).iterator();
            if (stream) {
                while (it.hasNext()) {
                    writer.emit(line(it.next(), quiet));
                }
                writer.writeRaw(NO_BYTES); // no pin: an empty 200, not Armeria's "200 OK" text
            } else {
                StringBuilder chunk = new StringBuilder("{\"Keys\":{");
                boolean first = true;
                int inChunk = 0;
                while (it.hasNext()) {
                    Pin p = it.next();
                    chunk.append(first ? "" : ",").append(JsonWire.mapper().writeValueAsString(p.cid().toString()))
                            .append(':').append(JsonWire.mapper().writeValueAsString(entry(p, quiet)));
                    first = false;
                    if (++inChunk == KEYS_PER_CHUNK) {
                        writer.writeRaw(chunk.toString().getBytes(StandardCharsets.UTF_8));
                        chunk.setLength(0);
                        inChunk = 0;
                    }
                }
                writer.writeRaw(chunk.append("}}\n").toString().getBytes(StandardCharsets.UTF_8));
            }
            writer.finish(null);
        } catch (NdjsonWriter.ClientGoneException gone) {
            writer.abandon();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            writer.finish(new IllegalStateException(e));
        } catch (RuntimeException | Error e) {
            writer.finish(e);
        }
    }

    /** The pin of {@code cid}; a 404 with Kubo's wording when the pinset does not have it. */
    private Pin pinned(Cid cid, String notPinned) {
        try {
            return pins.allocation(cid);
        } catch (ClusterException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new ClusterException(ErrorCode.NOT_FOUND, notPinned, e);
            }
            throw e;
        }
    }

    private static boolean matches(Pin p, String type) {
        return type.equals("all") || type.equals(kuboType(p));
    }

    private static String kuboType(Pin p) {
        return p.options().mode() == PinMode.DIRECT ? "direct" : "recursive";
    }

    private static Map<String, Object> entry(Pin p, boolean quiet) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", kuboType(p));
        if (!quiet && !p.options().name().isEmpty()) {
            m.put("Name", p.options().name());
        }
        return m;
    }

    private static Map<String, Object> line(Pin p, boolean quiet) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Cid", p.cid().toString());
        if (!quiet && !p.options().name().isEmpty()) {
            m.put("Name", p.options().name());
        }
        m.put("Type", kuboType(p));
        return m;
    }

    private static PinOptions withMode(PinOptions o, boolean recursive) {
        PinMode mode = recursive ? PinMode.RECURSIVE : PinMode.DIRECT;
        return new PinOptions(o.replicationMin(), o.replicationMax(), o.name(), mode, o.shardSize(),
                o.userAllocations(), o.expireAt(), o.metadata(), o.pinUpdate(), o.origins());
    }
}
