package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.codec.OpResult;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.consensus.codec.PinRequest;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.state.WriteStageTimes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Re-allocations (the leader's repairs and moves) queue behind the users' writes, keep a quarter of each batch while
 * they wait, and have a queue limit of their own. The sender is held on a first batch while the lanes fill, so what
 * the next batch takes is decided by the lanes alone.
 */
class BatchSubmitterLanesTest {
    private static final int MAX_OPS = 8; // a quarter: 2 for re-allocations while they wait

    private final PinOpCodec codec = new PinOpCodec();
    private final CountDownLatch firstSending = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final List<List<PinRequest>> batches = new CopyOnWriteArrayList<>();
    private BatchSubmitter submitter;

    private final BatchSubmitter.Transport heldLeader = batch -> {
        List<PinRequest> requests = codec.decodeRequests(batch);
        batches.add(requests);
        if (batches.size() == 1) {
            firstSending.countDown();
            try {
                releaseFirst.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new BatchSubmitter.Reply(codec.encodeResults(Collections.nCopies(requests.size(),
                new OpResult.Ok(null))), batches.size());
    };

    @AfterEach
    void close() {
        releaseFirst.countDown();
        if (submitter != null) {
            submitter.close();
        }
    }

    @Test
    void usersWritesGoBeforeReallocationsQueuedEarlier() throws Exception {
        submitter = new BatchSubmitter("lanes", heldLeader, MAX_OPS, 1 << 20, 1, 100, new WriteStageTimes());
        List<CompletableFuture<BatchSubmitter.Outcome>> all = new ArrayList<>();
        all.add(submitter.submit(unpin(0)));
        assertThat(firstSending.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            all.add(submitter.submit(reallocate(100 + i)));
        }
        for (int i = 1; i <= 3; i++) {
            all.add(submitter.submit(unpin(i)));
        }

        releaseFirst.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().allMatch(CompletableFuture::isDone));

        assertThat(all).noneMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(batches).hasSize(3);
        // the three user writes first, then the room left (5 of 8) for the re-allocations, oldest first
        assertThat(batches.get(1)).hasSize(MAX_OPS);
        assertThat(batches.get(1).subList(0, 3)).containsExactly(unpin(1), unpin(2), unpin(3));
        assertThat(batches.get(1).subList(3, MAX_OPS)).containsExactly(reallocate(100), reallocate(101),
                reallocate(102), reallocate(103), reallocate(104));
        assertThat(batches.get(2)).containsExactly(reallocate(105), reallocate(106), reallocate(107),
                reallocate(108), reallocate(109));
    }

    @Test
    void waitingReallocationsKeepAQuarterOfEveryBatch() throws Exception {
        submitter = new BatchSubmitter("lanes", heldLeader, MAX_OPS, 1 << 20, 1, 100, new WriteStageTimes());
        List<CompletableFuture<BatchSubmitter.Outcome>> all = new ArrayList<>();
        all.add(submitter.submit(unpin(0)));
        assertThat(firstSending.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 4; i++) {
            all.add(submitter.submit(reallocate(100 + i)));
        }
        for (int i = 1; i <= 20; i++) {
            all.add(submitter.submit(unpin(i)));
        }

        releaseFirst.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().allMatch(CompletableFuture::isDone));

        assertThat(all).noneMatch(CompletableFuture::isCompletedExceptionally);
        // 20 user writes and 4 re-allocations: the next batch is 6 + 2; the two re-allocations left go in the batch
        // after it with at most 6 user writes before them (the express sender may take some of the users' meanwhile,
        // and its batch may reach the leader before the one with the re-allocations: found by content, not position)
        List<PinRequest> withFirst = batches.stream().filter(b -> b.contains(reallocate(100))).findFirst()
                .orElseThrow();
        assertThat(withFirst).containsExactly(unpin(1), unpin(2), unpin(3), unpin(4), unpin(5), unpin(6),
                reallocate(100), reallocate(101));
        List<PinRequest> withRest = batches.stream().filter(b -> b.contains(reallocate(102))).findFirst().orElseThrow();
        assertThat(withRest.subList(withRest.size() - 2, withRest.size()))
                .containsExactly(reallocate(102), reallocate(103));
        assertThat(withRest.size() - 2).isBetween(0, MAX_OPS - MAX_OPS / 4);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(25);
    }

    @Test
    void aFullReallocationLaneRefusesReallocationsButNotUsersWrites() throws Exception {
        submitter = new BatchSubmitter("lanes", heldLeader, MAX_OPS, 1 << 20, 1, 3, new WriteStageTimes());
        CompletableFuture<BatchSubmitter.Outcome> first = submitter.submit(unpin(0));
        assertThat(firstSending.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<BatchSubmitter.Outcome>> accepted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accepted.add(submitter.submit(reallocate(100 + i)));
        }

        CompletableFuture<BatchSubmitter.Outcome> refused = submitter.submit(reallocate(103));
        CompletableFuture<BatchSubmitter.Outcome> userWrite = submitter.submit(unpin(1));

        assertThat(refused).isCompletedExceptionally();
        try {
            refused.get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(ClusterException.class,
                    c -> assertThat(c.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
        accepted.add(userWrite);
        accepted.add(first);
        releaseFirst.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> accepted.stream().allMatch(CompletableFuture::isDone));
        assertThat(accepted).noneMatch(CompletableFuture::isCompletedExceptionally);
    }

    @Test
    void aUsersWriteDoesNotWaitForAnEntryOfReallocationsToComeBack() throws Exception {
        submitter = new BatchSubmitter("lanes", heldLeader, MAX_OPS, 1 << 20, 1, 100, new WriteStageTimes());
        CompletableFuture<BatchSubmitter.Outcome> move = submitter.submit(reallocate(100));
        assertThat(firstSending.await(10, TimeUnit.SECONDS)).isTrue(); // the one sender holds the re-allocation

        CompletableFuture<BatchSubmitter.Outcome> user = submitter.submit(unpin(1));

        // the express sender takes it while the re-allocation's entry is still out
        await().atMost(Duration.ofSeconds(10)).until(user::isDone);
        assertThat(user).isCompletedWithValueMatching(o -> o.result() instanceof OpResult.Ok);
        assertThat(move).isNotDone();
        assertThat(batches).hasSize(2);
        assertThat(batches.get(1)).containsExactly(unpin(1));
        releaseFirst.countDown();
        await().atMost(Duration.ofSeconds(10)).until(move::isDone);
    }

    @Test
    void withoutReallocationsInFlightUsersWritesKeepTheirSenders() throws Exception {
        submitter = new BatchSubmitter("lanes", heldLeader, MAX_OPS, 1 << 20, 1, 2, 100, new WriteStageTimes());
        CompletableFuture<BatchSubmitter.Outcome> first = submitter.submit(unpin(0));
        assertThat(firstSending.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<BatchSubmitter.Outcome> second = submitter.submit(unpin(1));

        // one sender, as configured: the second write waits for the first entry (the express sender and the two
        // re-allocation senders stay idle)
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> batches.size() == 1);
        assertThat(second).isNotDone();
        releaseFirst.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> first.isDone() && second.isDone());
        assertThat(batches.get(1)).containsExactly(unpin(1));
    }

    @Test
    void reallocationSendersKeepMoreEntriesOfReallocationsInFlight() throws Exception {
        submitter = new BatchSubmitter("lanes", heldLeader, MAX_OPS, 1 << 20, 1, 1, 100, new WriteStageTimes());
        CompletableFuture<BatchSubmitter.Outcome> first = submitter.submit(reallocate(100));
        assertThat(firstSending.await(10, TimeUnit.SECONDS)).isTrue(); // one of the two senders holds it

        CompletableFuture<BatchSubmitter.Outcome> second = submitter.submit(reallocate(101));

        // the other sender takes it while the first entry is still out
        await().atMost(Duration.ofSeconds(10)).until(second::isDone);
        assertThat(first).isNotDone();
        assertThat(batches.get(1)).containsExactly(reallocate(101));
        releaseFirst.countDown();
        await().atMost(Duration.ofSeconds(10)).until(first::isDone);
    }

    @Test
    void withoutReallocationSendersASecondEntryOfReallocationsWaits() throws Exception {
        submitter = new BatchSubmitter("lanes", heldLeader, MAX_OPS, 1 << 20, 1, 0, 100, new WriteStageTimes());
        CompletableFuture<BatchSubmitter.Outcome> first = submitter.submit(reallocate(100));
        assertThat(firstSending.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<BatchSubmitter.Outcome> second = submitter.submit(reallocate(101));

        // the express sender takes users' writes only: the second re-allocation waits for the one sender
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> batches.size() == 1);
        assertThat(second).isNotDone();
        releaseFirst.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> first.isDone() && second.isDone());
    }

    @Test
    void closingFailsWhatStillWaitsInEitherLane() throws Exception {
        submitter = new BatchSubmitter("lanes", heldLeader, MAX_OPS, 1 << 20, 1, 100, new WriteStageTimes());
        submitter.submit(unpin(0));
        assertThat(firstSending.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<BatchSubmitter.Outcome> user = submitter.submit(unpin(1));
        CompletableFuture<BatchSubmitter.Outcome> move = submitter.submit(reallocate(100));

        submitter.close();

        assertThat(user).isCompletedExceptionally();
        assertThat(move).isCompletedExceptionally();
        assertThat(submitter.submit(unpin(2))).isCompletedExceptionally();
    }

    @Test
    void reallocationsHandedOverAtOnceGoOutInFullBatches() {
        submitter = new BatchSubmitter("lanes", heldLeader, MAX_OPS, 1 << 20, 1, 2, 100, new WriteStageTimes());
        List<PinRequest> moves = IntStream.range(0, 20).mapToObj(i -> reallocate(100 + i)).toList();

        List<CompletableFuture<BatchSubmitter.Outcome>> all = submitter.submitAll(moves);
        releaseFirst.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().allMatch(CompletableFuture::isDone));

        assertThat(all).noneMatch(CompletableFuture::isCompletedExceptionally);
        // queued under one lock before any sender woke: every sender took a full batch, none a handful
        assertThat(batches.stream().map(List::size).sorted().toList()).containsExactly(4, MAX_OPS, MAX_OPS);
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(moves);
    }

    @Test
    void whatIsHandedOverBeyondTheQueueLimitIsRefusedAndTheRestGoesOutInOrder() {
        submitter = new BatchSubmitter("lanes", heldLeader, MAX_OPS, 1 << 20, 1, 0, 10, new WriteStageTimes());
        List<PinRequest> moves = IntStream.range(0, 12).mapToObj(i -> reallocate(100 + i)).toList();

        List<CompletableFuture<BatchSubmitter.Outcome>> all = submitter.submitAll(moves);

        for (CompletableFuture<BatchSubmitter.Outcome> refused : all.subList(10, 12)) {
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).cause().isInstanceOf(ClusterException.class)
                    .hasMessageContaining("too many pin requests waiting (10)");
        }
        releaseFirst.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().allMatch(CompletableFuture::isDone));
        assertThat(all.subList(0, 10)).noneMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(moves.subList(0, 10));
    }

    private static Cid cid(int i) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("c" + i).getBytes(StandardCharsets.UTF_8)));
    }

    private static PinRequest unpin(int i) {
        return new PinRequest.Unpin(cid(i));
    }

    private static PinRequest reallocate(int i) {
        return new PinRequest.Reallocate(cid(i), List.of(), false);
    }
}
