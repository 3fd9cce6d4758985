package io.pincluster.connector.kubo;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.car.CarFormatException;
import io.pincluster.ipld.car.CarReader;
import io.pincluster.ipld.car.CarSection;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link NodeConnector} that drives a Kubo daemon (or a Kubo-RPC-compatible one such as js-ipfs) over its RPC
 * API. The daemon fetches missing blocks from the IPFS network itself, so {@link #pin} may take long: it gives up
 * when the daemon reports no progress for {@link KuboConfig#fetchTimeout()}. Every call that may fetch carries
 * {@code timeout=} so the daemon gives up too. Thread-safe.
 */
public final class KuboConnector implements NodeConnector {
    /** Blocks above this are refused by the daemons' bitswap anyway; Kubo's own limit. */
    static final int MAX_BLOCK_SIZE = 2 * 1024 * 1024;
    /**
     * The longest one {@code swarm/connect} to a pin's origin may take (less when the fetch timeout is shorter): a
     * pin waits for its origins' connects, and an origin that does not answer this fast is not worth waiting for.
     */
    static final Duration ORIGIN_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(KuboConnector.class);

    private final KuboRpc rpc;
    private final KuboConfig config;
    private final AtomicLong originsConnected = new AtomicLong();
    private final AtomicLong originsFailed = new AtomicLong();
    private final AtomicLong originsSkipped = new AtomicLong();

    public KuboConnector(KuboConfig config) {
        this.config = config;
        this.rpc = new KuboRpc(config);
    }

    public KuboConfig config() {
        return config;
    }

    @Override
    public void pin(Cid cid, PinMode mode) {
        pin(cid, mode, PinProgress.NONE);
    }

    /**
     * Pins {@code cid} through the daemon, which fetches whatever it lacks; {@code progress} hears the fetched block
     * count as the daemon reports it.
     *
     * @throws ClusterException {@code TIMEOUT} when the daemon made no progress for the fetch timeout (the content
     *                          is not reachable), or the daemon's error
     */
    public void pin(Cid cid, PinMode mode, PinProgress progress) {
        String command = "pin/add";
        KuboQuery q = KuboQuery.create().arg(cid.toString()).with("recursive", mode != PinMode.DIRECT)
                .with("progress", true).timeout(config.pinTimeout());
        boolean[] confirmed = {false};
        rpc.lines(command, q, config.fetchTimeout(), line -> {
            if (line.isBlank()) {
                return;
            }
            JsonNode n = readLine(command, line);
            if (n.has("Message") && "error".equals(n.path("Type").asText())) { // error reported mid-stream
                throw new KuboRpcException(command, 500, n.get("Message").asText());
            }
            if (n.has("Progress")) {
                progress.fetched(KuboJson.count(n, "Progress", command, 0));
            }
            for (String pinned : KuboJson.strings(n, "Pins")) {
                confirmed[0] |= KuboJson.sameContent(KuboJson.cid(pinned, command), cid);
            }
        });
        if (!confirmed[0]) {
            throw new ClusterException(ErrorCode.INTERNAL, "IPFS daemon: pin/add of " + cid
                    + " ended without confirming the pin");
        }
    }

    @Override
    public void unpin(Cid cid) {
        try {
            rpc.call("pin/rm", KuboQuery.create().arg(cid.toString()).with("recursive", true),
                    config.requestTimeout());
        } catch (KuboRpcException e) {
            if (!e.isNotPinned()) {
                throw e;
            }
        }
    }

    @Override
    public PinState status(Cid cid) {
        String command = "pin/ls";
        JsonNode answer;
        try {
            // timeout=: resolving the argument must never turn into a network fetch that hangs
            answer = rpc.call(command, KuboQuery.create().arg(cid.toString()).with("type", "all")
                    .timeout(config.fetchTimeout()), config.requestTimeout());
        } catch (KuboRpcException e) {
            if (e.isNotPinned()) {
                return PinState.UNPINNED;
            }
            throw e;
        }
        Iterator<Map.Entry<String, JsonNode>> keys = answer.path("Keys").fields();
        while (keys.hasNext()) {
            Map.Entry<String, JsonNode> e = keys.next();
            if (KuboJson.sameContent(KuboJson.cid(e.getKey(), command), cid)) {
                return stateOf(e.getValue().path("Type").asText());
            }
        }
        return PinState.UNPINNED;
    }

    // "indirect" (or "indirect through <cid>"): only held by another pin, not a pin of its own.
    private static PinState stateOf(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "recursive" -> PinState.RECURSIVE;
            case "direct" -> PinState.DIRECT;
            default -> PinState.UNPINNED;
        };
    }

    /** Recursive pins, then direct ones, each streamed from the daemon ({@code pin/ls?stream=true}). */
    @Override
    public Stream<Cid> pins() {
        return Stream.of("recursive", "direct").flatMap(this::pinsOfType);
    }

    private Stream<Cid> pinsOfType(String type) {
        String command = "pin/ls";
        InputStream body = rpc.stream(command, KuboQuery.create().with("stream", true).with("type", type),
                config.requestTimeout());
        return new NdjsonLines(body, rpc, command).stream()
                .filter(n -> type.equals(n.path("Type").asText(type)))
                .map(n -> KuboJson.cidField(n, "Cid", command));
    }

    @Override
    public RepoStat repoStat() {
        String command = "repo/stat";
        JsonNode n = rpc.call(command, KuboQuery.create(), config.requestTimeout());
        return new RepoStat(KuboJson.count(n, "RepoSize", command, 0), KuboJson.count(n, "StorageMax", command, 0),
                KuboJson.count(n, "NumObjects", command, 0));
    }

    /**
     * Blocks go to the daemon one {@code block/put} at a time. Kubo only collects garbage when started with
     * {@code --enable-gc}; the pin that follows an import protects the blocks from then on.
     */
    @Override
    public ImportSession openImport() {
        return new ImportSession() {
            @Override
            public void put(Cid cid, byte[] block) {
                putBlock(cid, block);
            }

            @Override
            public void close() {
                // nothing held: each block/put is complete when it returns
            }
        };
    }

    /**
     * Stores one block. Kubo ≥0.19 takes the codec from {@code cid-codec}; js-ipfs ignores it and needs
     * {@code format=raw} for raw blocks. Both store blocks by multihash, which is what is verified.
     *
     * @throws ClusterException {@code BAD_REQUEST} for data that does not hash to {@code cid} or is too large
     */
    public void putBlock(Cid cid, byte[] block) {
        Multihash mh = cid.multihash();
        if (mh.code() == Multihash.IDENTITY) {
            return; // the data is the CID itself; daemons never store these
        }
        if (mh.code() != Multihash.SHA2_256) {
            throw ClusterException.badRequest("block " + cid + ": only sha2-256 blocks can be sent to the daemon");
        }
        if (block.length > MAX_BLOCK_SIZE) {
            throw ClusterException.badRequest("block " + cid + " is " + block.length + " bytes; the limit is "
                    + MAX_BLOCK_SIZE);
        }
        if (!mh.matches(block)) {
            throw ClusterException.badRequest("data does not hash to " + cid);
        }
        String command = "block/put";
        KuboQuery q = KuboQuery.create().with("cid-codec", cid.codec().label()).with("mhtype", "sha2-256")
                .with("pin", false);
        if (cid.codec() == Codec.RAW) {
            q.with("format", "raw");
        }
        JsonNode answer = rpc.upload(command, q, Multipart.singleFile("file", block), config.requestTimeout());
        Cid stored = KuboJson.cidField(answer, "Key", command);
        if (!KuboJson.sameContent(stored, cid)) {
            throw new ClusterException(ErrorCode.INTERNAL, "IPFS daemon stored block " + cid + " as " + stored
                    + ", a different multihash");
        }
    }

    /** Imports a CAR by verifying each section locally and putting it as a block; roots are not pinned. */
    @Override
    public List<Cid> importCar(InputStream car) {
        try {
            CarReader reader = CarReader.open(car, MAX_BLOCK_SIZE + 1024);
            for (CarSection s = reader.next(); s != null; s = reader.next()) {
                putBlock(s.cid(), s.data());
            }
            return reader.roots();
        } catch (CarFormatException e) {
            throw new ClusterException(ErrorCode.BAD_REQUEST, "invalid CAR: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ClusterException(ErrorCode.BAD_REQUEST, "cannot read the CAR: " + e.getMessage(), e);
        }
    }

    /**
     * A block from the daemon, which may fetch it from other nodes within the fetch timeout.
     *
     * @throws ClusterException {@code NOT_FOUND} when the daemon cannot find it in time
     */
    @Override
    public byte[] block(Cid cid) {
        byte[] data;
        try {
            data = rpc.bytes("block/get", KuboQuery.create().arg(cid.toString()).timeout(config.fetchTimeout()),
                    HttpRequest.BodyPublishers.noBody(), null, config.fetchTimeout().plus(config.requestTimeout()));
        } catch (KuboRpcException e) {
            if (e.isTimeout() || e.daemonMessage().toLowerCase(Locale.ROOT).contains("not found")) {
                throw new ClusterException(ErrorCode.NOT_FOUND, "block " + cid + " is not available: "
                        + e.daemonMessage(), e);
            }
            throw e;
        }
        if (!cid.multihash().matches(data)) {
            throw new ClusterException(ErrorCode.INTERNAL, "IPFS daemon returned data for " + cid
                    + " that does not hash to it");
        }
        return data;
    }

    @Override
    public PeerInfo.IpfsInfo id() {
        String command = "id";
        JsonNode n = rpc.call(command, KuboQuery.create(), config.requestTimeout());
        return new PeerInfo.IpfsInfo(KuboJson.text(n, "ID", command), KuboJson.strings(n, "Addresses"), "");
    }

    /**
     * Connects the daemon to other IPFS nodes ({@code /ip4/.../tcp/.../p2p/<id>} multiaddrs) so they exchange blocks
     * directly. One call per address, so one unreachable node does not hide the others' results.
     *
     * @return how many of the addresses were connected
     */
    public int swarmConnect(Collection<String> multiaddrs) {
        int connected = 0;
        ClusterException last = null;
        for (String addr : multiaddrs) {
            try {
                rpc.call("swarm/connect", KuboQuery.create().arg(addr).timeout(config.fetchTimeout()),
                        config.fetchTimeout().plus(config.requestTimeout()));
                connected++;
            } catch (ClusterException e) {
                last = e;
            }
        }
        if (connected == 0 && last != null) {
            throw last;
        }
        return connected;
    }

    /**
     * Connects the daemon to a pin's origins before it is pinned (decision 0025): only dialable multiaddrs
     * ({@link OriginAddresses}), at most {@link OriginAddresses#MAX_DIALLED}, one after the other, each with a short
     * timeout. A failed connect is logged at debug and counted, never thrown: the pin goes on and the daemon may
     * still find the content elsewhere.
     */
    @Override
    public int connectOrigins(List<String> origins) {
        if (origins.isEmpty()) {
            return 0;
        }
        List<String> dial = OriginAddresses.toDial(origins);
        originsSkipped.addAndGet(origins.size() - dial.size());
        Duration timeout = config.fetchTimeout().compareTo(ORIGIN_CONNECT_TIMEOUT) < 0 ? config.fetchTimeout()
                : ORIGIN_CONNECT_TIMEOUT;
        int connected = 0;
        for (String addr : dial) {
            try {
                rpc.call("swarm/connect", KuboQuery.create().arg(addr).timeout(timeout),
                        timeout.plus(Duration.ofSeconds(1)));
                connected++;
                originsConnected.incrementAndGet();
            } catch (RuntimeException e) {
                originsFailed.incrementAndGet();
                // the address is the user's own input and the message the daemon's: no credentials in either
                LOG.debug("swarm/connect to origin {} failed: {}", addr, e.getMessage());
            }
        }
        return connected;
    }

    /** Counts of {@link #connectOrigins} since start: connected, failed, and skipped (malformed or over the cap). */
    public OriginStats originStats() {
        return new OriginStats(originsConnected.get(), originsFailed.get(), originsSkipped.get());
    }

    /** What {@link #connectOrigins} did since the connector started. */
    public record OriginStats(long connected, long failed, long skipped) {
    }

    private JsonNode readLine(String command, String line) {
        try {
            return rpc.json().readTree(line);
        } catch (IOException e) {
            throw KuboJson.bad(command, "invalid JSON line: " + e.getMessage());
        }
    }

    /** Nothing to release: the HTTP client's threads are daemons and idle connections time out. */
    @Override
    public void close() {
    }
}
