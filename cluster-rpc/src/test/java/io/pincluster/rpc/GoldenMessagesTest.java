package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.grpc.MethodDescriptor;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.repair.MoveKind;
import io.pincluster.protocol.PeerRpcMessages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages of this protocol version as bytes checked into {@code src/test/resources/golden/peer-rpc}: every later
 * build must still decode them to the same values, through the same method marshallers peers use. They are also
 * encoded again and compared byte for byte, which holds as long as no field is renumbered or retyped (a new field
 * left at its zero value is not written, so adding fields keeps these bytes).
 *
 * <p>A fixture file is never rewritten to make this test pass. A new fixture is a new row below: the first run
 * writes its file and fails, asking for the file to be reviewed and committed.
 */
class GoldenMessagesTest {
    private static final Path SOURCE_DIR = Path.of("src/test/resources/golden/peer-rpc");
    private static final PeerId A = RpcFixture.peer(1);
    private static final PeerId B = RpcFixture.peer(2);
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456789Z");
    private static final Cid CID = RpcFixture.rawCid("golden");
    private static final byte[] BLOCK = "golden block".getBytes(StandardCharsets.UTF_8);

    static Stream<Golden<?>> fixtures() {
        return Stream.of(
                Golden.request("id_request", PeerRpcMethods.ID, PeerRpcMessages.IdRequest.getDefaultInstance()),
                Golden.answer("id_answer", PeerRpcMethods.ID, new PeerInfo(A, "peer-a",
                        List.of("/ip4/10.0.0.1/tcp/9096"), List.of(A, B), List.of("10.0.0.1:9096", "10.0.0.2:9096"),
                        "0.1.0", "abc123", "/pincluster/0.1/rpc", "",
                        new PeerInfo.IpfsInfo("12D3KooIpfs", List.of("/ip4/10.0.0.1/tcp/4001"), ""),
                        new PeerInfo.RaftInfo("LEADER", 4, 120, 119, 1, A))),
                Golden.request("status_request", PeerRpcMethods.STATUS, CID),
                Golden.answer("status_answer", PeerRpcMethods.STATUS, new PinInfo(B, "peer-b", "12D3KooIpfs",
                        List.of("/ip4/10.0.0.2/tcp/4001"), TrackerStatus.PIN_ERROR, T, "context deadline exceeded",
                        2, true)),
                Golden.request("status_all_request", PeerRpcMethods.STATUS_ALL,
                        EnumSet.of(TrackerStatus.PIN_QUEUED, TrackerStatus.PIN_ERROR)),
                Golden.answer("status_all_batch", PeerRpcMethods.STATUS_ALL, List.of(
                        new CidStatus(CID, PinInfo.of(B, "peer-b", TrackerStatus.PINNED, T)),
                        new CidStatus(RpcFixture.rawCid("golden 2"),
                                new PinInfo(null, "", "", List.of(), TrackerStatus.UNDEFINED, Instant.EPOCH, "", 0,
                                        false)))),
                Golden.request("recover_request", PeerRpcMethods.RECOVER, CID),
                Golden.request("receive_metrics_request", PeerRpcMethods.METRICS, List.of(
                        Metric.freeSpace(A, 1_000_000_000L, T), Metric.tag(A, "zone", "eu-west", T))),
                Golden.request("block_request", PeerRpcMethods.BLOCK, CID),
                Golden.answer("block_answer", PeerRpcMethods.BLOCK, BLOCK).viewedAs(HexFormat.of()::formatHex),
                Golden.request("put_block_request", PeerRpcMethods.PUT_BLOCK,
                        new PeerRpcMethods.BlockPut(RpcFixture.rawCid(BLOCK), BLOCK))
                        .viewedAs(put -> put.cid() + " " + HexFormat.of().formatHex(put.data())),
                // added with PutBlock's wake_root: the last block of a push wakes the target's tracker
                Golden.request("put_block_request_wake_root", PeerRpcMethods.PUT_BLOCK,
                        new PeerRpcMethods.BlockPut(RpcFixture.rawCid(BLOCK), BLOCK, CID))
                        .viewedAs(put -> put.cid() + " " + HexFormat.of().formatHex(put.data()) + " " + put.wakeRoot()),
                Golden.answer("put_block_answer_woken", PeerRpcMethods.PUT_BLOCK,
                        PeerRpcMessages.PutBlockResponse.newBuilder().setWoken(true).build()),
                Golden.request("join_request", PeerRpcMethods.JOIN,
                        new JoinRequest(B, "peer-b", "10.0.0.2:9098", "10.0.0.2:9096")),
                // added with ReportHoldings
                Golden.request("report_holdings_request", PeerRpcMethods.REPORT_HOLDINGS,
                        new HoldingsReport(B, 0x9e3779b97f4a7c15L, 42, true, false, List.of(CID),
                                List.of(RpcFixture.rawCid("golden 2")), List.of(RpcFixture.rawCid("golden 3")), 3)),
                Golden.answer("report_holdings_answer", PeerRpcMethods.REPORT_HOLDINGS,
                        new HoldingsReply(false, true, List.of(RpcFixture.rawCid("golden 3")))),
                // added with holder_appeared and recheck_waiting (waiting pins woken by new holders)
                Golden.answer("report_holdings_answer_new_holders", PeerRpcMethods.REPORT_HOLDINGS,
                        new HoldingsReply(false, false, List.of(), List.of(CID, RpcFixture.rawCid("golden 2")),
                                true)),
                // added with FindHolders (decision 0022: who holds these CIDs, asked of the leader in batches)
                Golden.request("find_holders_request", PeerRpcMethods.FIND_HOLDERS,
                        List.of(CID, RpcFixture.rawCid("golden 2"), RpcFixture.rawCid("golden 3"))),
                Golden.answer("find_holders_answer", PeerRpcMethods.FIND_HOLDERS,
                        new HoldersReply(true, false, true, List.of(List.of(A, B), List.of(), List.of(B)))),
                Golden.answer("find_holders_answer_incomplete", PeerRpcMethods.FIND_HOLDERS,
                        new HoldersReply(true, false, false, List.of(List.of(), List.of(A)))),
                Golden.answer("find_holders_answer_not_leader", PeerRpcMethods.FIND_HOLDERS,
                        HoldersReply.notLeaderReply()),
                // added with AllocationChanges (GET /health/moves merges every peer's moves)
                Golden.request("allocation_changes_request", PeerRpcMethods.ALLOCATION_CHANGES,
                        new AllocationChangeMapper.Question(CID, 100)),
                Golden.request("allocation_changes_request_all", PeerRpcMethods.ALLOCATION_CHANGES,
                        new AllocationChangeMapper.Question(null, 10_000)),
                Golden.answer("allocation_changes_answer", PeerRpcMethods.ALLOCATION_CHANGES,
                        List.of(new AllocationChange(java.time.Instant.ofEpochSecond(1_700_000_000L, 5), CID,
                                        List.of(A, B), List.of(B), MoveKind.REPAIR, "peer down"),
                                new AllocationChange(java.time.Instant.ofEpochSecond(1_699_999_990L), CID,
                                        List.of(B), List.of(A, B), MoveKind.TOP_UP, "below replication max"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    <T> void decodesToTheSameValueAndEncodesToTheSameBytes(Golden<T> golden) throws IOException {
        byte[] encoded = golden.encode();
        byte[] fixture = golden.read();
        if (fixture == null) {
            Files.createDirectories(SOURCE_DIR);
            Files.write(SOURCE_DIR.resolve(golden.file()), encoded);
            fail("wrote the new fixture " + SOURCE_DIR.resolve(golden.file()) + ": review it, commit it, run again");
        }
        assertThat(golden.view(golden.decode(fixture))).isEqualTo(golden.view(golden.value()));
        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(HexFormat.of().formatHex(fixture));
    }

    /** One request or answer of one method, with the value its fixture holds. */
    record Golden<T>(String name, Function<T, InputStream> encoder, Function<InputStream, T> decoder, T value,
                     Function<T, Object> view) {
        static <Q> Golden<Q> request(String name, MethodDescriptor<Q, ?> method, Q value) {
            return new Golden<>(name, method::streamRequest, method::parseRequest, value, v -> v);
        }

        static <A> Golden<A> answer(String name, MethodDescriptor<?, A> method, A value) {
            return new Golden<>(name, method::streamResponse, method::parseResponse, value, v -> v);
        }

        /** Compares through {@code view}, for values whose equals does not compare content (arrays). */
        Golden<T> viewedAs(Function<T, Object> newView) {
            return new Golden<>(name, encoder, decoder, value, newView);
        }

        String file() {
            return name + ".bin";
        }

        byte[] encode() throws IOException {
            try (InputStream in = encoder.apply(value)) {
                return in.readAllBytes();
            }
        }

        T decode(byte[] bytes) {
            return decoder.apply(new ByteArrayInputStream(bytes));
        }

        Object view(T v) {
            return view.apply(v);
        }

        /** The checked-in bytes, or null when this fixture has no file yet. */
        byte[] read() throws IOException {
            try (InputStream in = GoldenMessagesTest.class.getResourceAsStream("/golden/peer-rpc/" + file())) {
                return in == null ? null : in.readAllBytes();
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
