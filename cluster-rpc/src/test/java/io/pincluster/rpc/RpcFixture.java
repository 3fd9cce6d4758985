package io.pincluster.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.tls.PeerTls;
import io.pincluster.security.ClusterCa;
import io.pincluster.security.PeerTlsIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Starts RPC servers on 127.0.0.1 port 0 and clients that know them, each peer with a TLS identity of the test
 * cluster (keys and certificates in a temporary folder); closes and deletes everything it made.
 */
final class RpcFixture implements AutoCloseable {
    static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final String OTHER_SECRET = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    final InMemoryAddressBook book = new InMemoryAddressBook();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<PeerId, PeerTlsIdentity> identities = new ConcurrentHashMap<>();
    private final Path folder;
    private final AtomicInteger folders = new AtomicInteger();

    RpcFixture() {
        try {
            folder = Files.createTempDirectory("rpc-tls");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PeerId peer(int n) {
        byte[] key = new byte[36];
        key[0] = 0x08;
        key[1] = 0x01;
        key[35] = (byte) n;
        return PeerId.ofPublicKeyProto(key);
    }

    static Cid rawCid(byte[] data) {
        return Cid.v1(Codec.RAW, Multihash.sha256(data));
    }

    static Cid rawCid(String text) {
        return rawCid(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code peer}'s TLS identity in this cluster ({@link #SECRET}), admitting every peer, made once per peer. */
    PeerTlsIdentity tls(PeerId peer) {
        return identities.computeIfAbsent(peer, p -> tls(p, SECRET, p2 -> true, Clock.systemUTC(),
                PeerTlsIdentity.DEFAULT_VALIDITY));
    }

    /** A fresh TLS identity of {@code peer} in the cluster of {@code secret}, in a folder of its own. */
    PeerTlsIdentity tls(PeerId peer, String secret, Predicate<PeerId> admitted, Clock clock, Duration validity) {
        PeerTlsIdentity identity = PeerTlsIdentity.open(peer, ClusterCa.fromHexSecret(secret),
                folder.resolve("tls-" + folders.incrementAndGet()), admitted, clock, validity);
        open.add(identity);
        return identity;
    }

    /** Starts a server for {@code peer} and records its address in the shared book. */
    PeerRpcServer serve(PeerId peer, PeerRpcHandler handler, RpcSettings settings) {
        return serve(peer, tls(peer), handler, settings);
    }

    /** Starts a server for {@code peer} with the TLS identity {@code tls}. */
    PeerRpcServer serve(PeerId peer, PeerTls tls, PeerRpcHandler handler, RpcSettings settings) {
        PeerRpcServer server = PeerRpcServer.start(new InetSocketAddress("127.0.0.1", 0), handler, tls, settings);
        open.add(0, server);
        book.put(peer, "127.0.0.1:" + server.port());
        return server;
    }

    GrpcPeerRpc client(PeerTls tls, RpcSettings settings) {
        GrpcPeerRpc client = new GrpcPeerRpc(book, tls, settings);
        open.add(0, client);
        return client;
    }

    GrpcPeerRpc client(PeerId self) {
        return client(tls(self), RpcSettings.defaults().withCallTimeout(Duration.ofSeconds(5)));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
