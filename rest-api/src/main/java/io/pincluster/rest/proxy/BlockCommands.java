package io.pincluster.rest.proxy;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.block.BlockStore;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.cid.Varint;
import io.pincluster.core.component.AddApi;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.Excerpt;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.ipld.car.CarHeaderCodec;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.DagPbException;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.query.PinOptionsQuery;
import io.pincluster.rest.routes.MultipartUploads;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code block/put} and {@code dag/put}: one block, hashed here, stored through the cluster's add pipeline as a
 * one-block CAR ({@link AddApi} with {@code format=car}), so it lands in the same store, under the same GC
 * protection, and with {@code pin=true} becomes a cluster pin with the query's pin options. Only codecs the
 * cluster's IPLD module understands are accepted (raw and dag-pb); {@code dag/put} does not transcode
 * (dag-json to dag-cbor needs codecs this cluster does not have) and says so.
 */
final class BlockCommands {
    private final AddApi adds;
    private final PinOptionsQuery options;
    private final Duration partTimeout;

    BlockCommands(AddApi adds, PinOptionsQuery options, Duration partTimeout) {
        this.adds = adds;
        this.options = options;
        this.partTimeout = partTimeout;
    }

    /** {@code block/put}: {@code cid-codec} raw (Kubo's default) or dag-pb, {@code mhtype} sha2-256. */
    HttpResponse blockPut(ServiceRequestContext ctx, HttpRequest req) {
        QueryParams q = ctx.queryParams();
        Codec codec;
        int version;
        try {
            Uploads.check(ctx, req, "block/put");
            checkHash(q, "mhtype");
            String mhlen = q.get("mhlen");
            if (mhlen != null && !mhlen.equals("-1") && !mhlen.equals("32")) {
                throw ClusterException.badRequest("block/put: mhlen must be 32 for sha2-256, not '"
                        + Excerpt.of(mhlen) + "'");
            }
            String format = q.get("format");
            String cidCodec = q.get("cid-codec");
            if (format != null && cidCodec != null) {
                throw ClusterException.badRequest("block/put: pass either format or cid-codec, not both");
            }
            if (format != null) {
                switch (format) {
                    case "v0", "protobuf", "dag-pb" -> codec = Codec.DAG_PB;
                    case "raw" -> codec = Codec.RAW;
                    default -> throw unsupportedCodec("block/put", "format", format);
                }
                version = codec == Codec.DAG_PB && !format.equals("dag-pb") ? 0 : 1;
            } else {
                codec = codec("block/put", "cid-codec", cidCodec == null ? "raw" : cidCodec);
                version = 1;
            }
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        boolean[] pin = new boolean[1];
        try {
            pin[0] = KuboArgs.bool(q, "pin", false);
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        return put(ctx, req, "block/put", codec, version, pin[0], (cid, size) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Key", cid.toString());
            m.put("Size", size);
            return m;
        });
    }

    /**
     * {@code dag/put}: stores the node as given when {@code input-codec} and {@code store-codec} are the same codec
     * this cluster understands (raw or dag-pb); anything needing a transcode is a 400 naming what is missing.
     */
    HttpResponse dagPut(ServiceRequestContext ctx, HttpRequest req) {
        QueryParams q = ctx.queryParams();
        Codec codec;
        boolean pin;
        try {
            Uploads.check(ctx, req, "dag/put");
            checkHash(q, "hash");
            String store = q.get("store-codec", "dag-cbor");
            String input = q.get("input-codec", "dag-json");
            if (!store.equals(input)) {
                throw ClusterException.badRequest("dag/put: input-codec " + Excerpt.of(input) + " to store-codec "
                        + Excerpt.of(store) + " needs a transcoding the cluster's IPLD module does not have (it knows"
                        + " raw and dag-pb); pass the node already encoded with input-codec equal to store-codec, or"
                        + " use block/put or add");
            }
            codec = codec("dag/put", "store-codec", store);
            pin = KuboArgs.bool(q, "pin", false);
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        return put(ctx, req, "dag/put", codec, 1, pin, (cid, size) -> Map.of("Cid", Map.of("/", cid.toString())));
    }

    private interface Answer {
        Object of(Cid cid, long size);
    }

    private HttpResponse put(ServiceRequestContext ctx, HttpRequest req, String command, Codec codec, int version,
                             boolean pin, Answer answer) {
        PinOptions pinOptions;
        try {
            pinOptions = options.parse(ctx.queryParams());
        } catch (ClusterException e) {
            return ErrorResponses.of(e);
        }
        MultipartUploads parts = Uploads.open(ctx, req, partTimeout);
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            try {
                byte[] block = onlyBlock(parts, command);
                if (codec == Codec.DAG_PB) {
                    try {
                        DagPbCodec.decode(block); // Kubo refuses a dag-pb block that does not decode; so do we
                    } catch (DagPbException e) {
                        throw ClusterException.badRequest(command + ": not a valid dag-pb node: " + e.getMessage());
                    }
                }
                Multihash mh = Multihash.sha256(block);
                Cid cid = version == 0 ? Cid.v0(mh) : Cid.v1(codec, mh);
                AddRequest request = new AddRequest(pinOptions, 1, true, AddRequest.DEFAULT_CHUNK_SIZE, false, false,
                        false, false, !pin, false, "car");
                Iterator<UploadPart> car = List.of(new UploadPart("", false, oneBlockCar(cid, block))).iterator();
                adds.add(request, car, out -> { });
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON, JsonWire.bytes(answer.of(cid, block.length)));
            } catch (RuntimeException e) {
                parts.cancel();
                return ErrorResponses.of(e);
            }
        }, ctx.blockingTaskExecutor()));
    }

    /** The single file of the body, at most one block's size; directories are refused. */
    private static byte[] onlyBlock(MultipartUploads parts, String command) {
        byte[] found = null;
        while (parts.hasNext()) {
            UploadPart p = parts.next();
            if (p.directory()) {
                throw ClusterException.badRequest(command + ": takes a file, not a directory");
            }
            if (found != null) {
                throw ClusterException.badRequest(command + ": takes exactly one file");
            }
            found = readLimited(p.content(), command);
        }
        if (found == null) {
            throw ClusterException.badRequest(command + ": argument \"data\" is required");
        }
        return found;
    }

    private static byte[] readLimited(InputStream in, String command) {
        try {
            byte[] data = in.readNBytes(BlockStore.DEFAULT_MAX_BLOCK_SIZE + 1);
            if (data.length > BlockStore.DEFAULT_MAX_BLOCK_SIZE) {
                throw ClusterException.badRequest(command + ": block is over the limit of "
                        + BlockStore.DEFAULT_MAX_BLOCK_SIZE + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CAR v1 holding {@code block} as its one root and only section. */
    static InputStream oneBlockCar(Cid cid, byte[] block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(block.length + 128);
        byte[] header = CarHeaderCodec.encode(List.of(cid));
        Varint.write(header.length, out);
        out.writeBytes(header);
        byte[] cidBytes = cid.bytes();
        Varint.write(cidBytes.length + block.length, out);
        out.writeBytes(cidBytes);
        out.writeBytes(block);
        return new ByteArrayInputStream(out.toByteArray());
    }

    private static void checkHash(QueryParams q, String name) {
        String hash = q.get(name);
        if (hash != null && !hash.equals("sha2-256")) {
            throw ClusterException.badRequest(name + ": only sha2-256 is supported, not '" + Excerpt.of(hash) + "'");
        }
    }

    private static Codec codec(String command, String param, String value) {
        return switch (value) {
            case "raw" -> Codec.RAW;
            case "dag-pb" -> Codec.DAG_PB;
            default -> throw unsupportedCodec(command, param, value);
        };
    }

    private static ClusterException unsupportedCodec(String command, String param, String value) {
        return ClusterException.badRequest(command + ": " + param + " '" + Excerpt.of(value) + "' is not supported;"
                + " the cluster's IPLD module knows raw and dag-pb (dag-cbor and dag-json are not implemented)");
    }
}
