package io.pincluster.rpc;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.peer.PeerId;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Starts RPC servers on 127.0.0.1 port 0 and clients that know them; closes everything it started. */
final class RpcFixture implements AutoCloseable {
    static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final String OTHER_SECRET = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    final InMemoryAddressBook book = new InMemoryAddressBook();
    private final List<AutoCloseable> open = new ArrayList<>();

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

    static CallAuthenticator auth(String secret) {
        return auth(secret, Clock.systemUTC());
    }

    static CallAuthenticator auth(String secret, Clock clock) {
        return new CallAuthenticator(HexFormat.of().parseHex(secret), clock, Duration.ofSeconds(30));
    }

    /** Starts a server for {@code peer} and records its address in the shared book. */
    PeerRpcServer serve(PeerId peer, PeerRpcHandler handler, RpcSettings settings) {
        PeerRpcServer server = PeerRpcServer.start(new InetSocketAddress("127.0.0.1", 0), handler, auth(SECRET),
                settings);
        open.add(server);
        book.put(peer, "127.0.0.1:" + server.port());
        return server;
    }

    GrpcPeerRpc client(PeerId self, CallAuthenticator auth, RpcSettings settings) {
        GrpcPeerRpc client = new GrpcPeerRpc(self, book, auth, settings);
        open.add(0, client);
        return client;
    }

    GrpcPeerRpc client(PeerId self) {
        return client(self, auth(SECRET), RpcSettings.defaults().withCallTimeout(Duration.ofSeconds(5)));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }
}
