package io.pincluster.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadYourWritesViewTest {
    private final PinSetState replica = new PinSetState();

    @Test
    void aReadWaitsUntilTheAcknowledgedWritesAreApplied() throws Exception {
        Cid cid = PinSetStateTest.cid(1);
        Pin pin = PinSetStateTest.pin(cid, "x", Map.of(), List.of(), null);
        CompletableFuture<Void> applied = new CompletableFuture<>();
        ReadYourWritesView view = new ReadYourWritesView(replica, () -> applied);

        CompletableFuture<Optional<Pin>> read = CompletableFuture.supplyAsync(() -> view.get(cid));
        // the write was acknowledged but is not applied yet: the read must not answer from the stale replica
        assertThat(read).isNotDone();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !read.isDone());
        replica.apply(new PinOp.AddPin(pin));
        applied.complete(null);
        assertThat(read.get(5, TimeUnit.SECONDS)).contains(pin);
    }

    @Test
    void readsAnswerAtOnceWhenNothingIsPendingAndFailWhenTheReplicaDoesNotCatchUp() {
        Cid cid = PinSetStateTest.cid(2);
        replica.apply(new PinOp.AddPin(PinSetStateTest.pin(cid, "y", Map.of(), List.of(), null)));
        ReadYourWritesView caughtUp = new ReadYourWritesView(replica, () -> CompletableFuture.completedFuture(null));
        assertThat(caughtUp.get(cid)).isPresent();
        assertThat(caughtUp.size()).isEqualTo(1);
        assertThat(caughtUp.pinsAfter(null)).hasSize(1);

        ReadYourWritesView behind = new ReadYourWritesView(replica, () -> CompletableFuture.failedFuture(
                new ClusterException(ErrorCode.TIMEOUT, "not applied yet")));
        assertThatThrownBy(() -> behind.get(cid)).isInstanceOfSatisfying(ClusterException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThatThrownBy(behind::size).isInstanceOf(ClusterException.class);
    }
}
