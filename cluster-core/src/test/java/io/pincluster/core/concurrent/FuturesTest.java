package io.pincluster.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FuturesTest {
    private final IllegalStateException cause = new IllegalStateException("the real failure");

    @Test
    void aFailureThatIsNoWrapperIsReturnedAsItIs() {
        assertThat(Futures.unwrap(cause)).isSameAs(cause);
    }

    @Test
    void joinAndGetWrappersAreTakenOff() {
        CompletableFuture<Void> failed = CompletableFuture.failedFuture(cause);
        CompletableFuture<Void> dependent = failed.thenRun(() -> { });
        assertThat(Futures.unwrap(catchThrowable(dependent::join))).isSameAs(cause);
        assertThat(Futures.unwrap(catchThrowable(dependent::get))).isSameAs(cause);
        assertThat(Futures.unwrap(dependent.handle((v, e) -> e).join())).isSameAs(cause);
    }

    @Test
    void nestedWrappersAreAllTakenOff() {
        Throwable nested = new CompletionException(new ExecutionException(new CompletionException(cause)));
        assertThat(Futures.unwrap(nested)).isSameAs(cause);
    }

    @Test
    void aWrapperWithoutCauseIsTheFailure() {
        CompletionException bare = new CompletionException("no cause", null);
        assertThat(Futures.unwrap(bare)).isSameAs(bare);
    }

    @Test
    void otherWrappersAreLeftForTheCallerToJudge() {
        UncheckedIOException io = new UncheckedIOException(new IOException("disk"));
        assertThat(Futures.unwrap(new CompletionException(io))).isSameAs(io);
    }
}
