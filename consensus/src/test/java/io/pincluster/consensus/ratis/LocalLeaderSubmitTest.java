package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write a leader appended and then gave up when it stepped down is not decided twice. Seen in ChaosIT: an unpin
 * sent while its peer's leadership ended was committed by the next leader, then sent again as a new request and
 * answered 404 "not part of the pinset". Three real Ratis servers over gRPC on loopback, each with a state machine that
 * counts the writes it applies (a write that is not idempotent); the leader's answers are held back, so its write is
 * committed everywhere but still pending on it when leadership moves to another peer.
 */
class LocalLeaderSubmitTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final List<RaftServer> servers = new ArrayList<>();
    private final Map<RaftPeerId, CountingStateMachine> machines = new ConcurrentHashMap<>();
    private RaftClient client;
    private Path root;

    @Test
    void aWriteCommittedWhileItsLeaderStepsDownIsAnsweredOnceNotAppliedTwice() throws Exception {
        RaftGroup group = startGroup(3);
        RaftServer.Division leader = awaitLeader(group);
        RaftPeerId leaderId = leader.getId();
        RaftPeerId successor = group.getPeers().stream().map(RaftPeer::getId).filter(id -> !id.equals(leaderId))
                .findFirst().orElseThrow();
        client = RaftClient.newBuilder().setRaftGroup(group).setProperties(new RaftProperties()).build();
        LocalLeaderSubmit submit = new LocalLeaderSubmit(() -> leader, () -> client,
                () -> new ArrayList<>(group.getPeers()), leaderId, group.getGroupId(), TIMEOUT);
        machines.get(leaderId).holdAnswers();

        CompletableFuture<Optional<RaftClientReply>> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return submit.submit(Message.valueOf("count"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        await("the write applied on every peer").atMost(TIMEOUT).untilAsserted(() ->
                assertThat(machines.values()).allSatisfy(m -> assertThat(m.count()).isEqualTo(1)));
        assertThat(answer).as("the leader holds its answer back").isNotDone();

        RaftClientReply moved = client.admin().transferLeadership(successor, TIMEOUT.toMillis());
        assertThat(moved.isSuccess()).as("leadership moved: %s", moved).isTrue();

        Optional<RaftClientReply> reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(reply).as("answered, not handed back to be sent as a new request").isPresent();
        assertThat(reply.get().isSuccess()).as("%s", reply.get()).isTrue();
        assertThat(reply.get().getMessage().getContent().toString(StandardCharsets.UTF_8))
                .as("the first outcome, from the new leader's retry cache").isEqualTo("1");

        // The next write counts 2 everywhere: the first one was not applied a second time.
        RaftClientReply next = client.io().send(Message.valueOf("count"));
        assertThat(next.getMessage().getContent().toString(StandardCharsets.UTF_8)).isEqualTo("2");
        await("every peer applied each write once").atMost(TIMEOUT).untilAsserted(() ->
                assertThat(machines.values()).allSatisfy(m -> assertThat(m.count()).isEqualTo(2)));
    }

    private RaftGroup startGroup(int size) throws IOException {
        root = Files.createTempDirectory("local-leader-submit");
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            peers.add(RaftPeer.newBuilder().setId("p" + i).setAddress("127.0.0.1:" + FreePorts.one()).build());
        }
        RaftGroup group = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.randomUUID()), peers);
        for (RaftPeer peer : peers) {
            RaftProperties p = new RaftProperties();
            RaftServerConfigKeys.setStorageDir(p, List.of(root.resolve(peer.getId().toString()).toFile()));
            GrpcConfigKeys.Server.setPort(p, Integer.parseInt(peer.getAddress().split(":")[1]));
            RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(400, TimeUnit.MILLISECONDS));
            RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(800, TimeUnit.MILLISECONDS));
            CountingStateMachine machine = new CountingStateMachine();
            machines.put(peer.getId(), machine);
            RaftServer server = RaftServer.newBuilder().setServerId(peer.getId()).setGroup(group).setProperties(p)
                    .setStateMachine(machine).build();
            servers.add(server);
            server.start();
        }
        return group;
    }

    private RaftServer.Division awaitLeader(RaftGroup group) {
        return await("a leader ready for writes").atMost(TIMEOUT).until(() -> {
            for (RaftServer s : servers) {
                RaftServer.Division d = s.getDivision(group.getGroupId());
                if (d.getInfo().isLeader() && d.getInfo().isLeaderReady()) {
                    return d;
                }
            }
            return null;
        }, d -> d != null);
    }

    @AfterEach
    void stop() throws IOException {
        machines.values().forEach(CountingStateMachine::release);
        if (client != null) {
            client.close();
        }
        for (RaftServer s : servers) {
            s.close();
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Counts applied writes and answers each with the new count; can hold its answers back (never its count). */
    private static final class CountingStateMachine extends BaseStateMachine {
        private final AtomicLong count = new AtomicLong();
        private final CompletableFuture<Void> released = new CompletableFuture<>();
        private volatile boolean holding;

        void holdAnswers() {
            holding = true;
        }

        void release() {
            released.complete(null);
        }

        long count() {
            return count.get();
        }

        @Override
        public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
            updateLastAppliedTermIndex(trx.getLogEntry().getTerm(), trx.getLogEntry().getIndex());
            Message answer = Message.valueOf(Long.toString(count.incrementAndGet()));
            return holding ? released.thenApply(ignored -> answer) : CompletableFuture.completedFuture(answer);
        }
    }
}
