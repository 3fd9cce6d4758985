package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** While the leader is slow, requests queue only up to the limit; one more is refused at once as unavailable. */
class BatchSubmitterQueueLimitTest {
    @Test
    void aFullQueueRefusesTheNextRequestAsUnavailable() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PinOpCodec codec = new PinOpCodec();
        BatchSubmitter.Transport slowLeader = batch -> {
            sending.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int n = codec.decodeRequests(batch).size();
            return new BatchSubmitter.Reply(codec.encodeResults(Collections.nCopies(n, new OpResult.Ok(null))), 1);
        };
        try (BatchSubmitter submitter = new BatchSubmitter("test", slowLeader, 100, 1 << 20, 1, 3, new WriteStageTimes())) {
            CompletableFuture<BatchSubmitter.Outcome> first = submitter.submit(unpin(0));
            sending.await(10, TimeUnit.SECONDS); // the sender holds the first; the queue is empty again
            List<CompletableFuture<BatchSubmitter.Outcome>> queued = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                queued.add(submitter.submit(unpin(i)));
            }

            CompletableFuture<BatchSubmitter.Outcome> refused = submitter.submit(unpin(4));

            assertThat(refused).isCompletedExceptionally();
            try {
                refused.get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ClusterException.class);
                assertThat(((ClusterException) e.getCause()).code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.getCause().getMessage()).contains("retry later");
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> first.isDone() && queued.stream()
                    .allMatch(CompletableFuture::isDone));
            assertThat(first).isCompletedWithValueMatching(o -> o.result() instanceof OpResult.Ok);
            assertThat(queued).allMatch(f -> !f.isCompletedExceptionally());
        }
    }

    private static PinRequest unpin(int i) {
        return new PinRequest.Unpin(Cid.v1(Codec.RAW, Multihash.sha256(("c" + i).getBytes(StandardCharsets.UTF_8))));
    }
}
