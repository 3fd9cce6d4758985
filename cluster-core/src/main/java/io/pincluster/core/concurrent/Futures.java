package io.pincluster.core.concurrent;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failed {@link java.util.concurrent.CompletableFuture} really failed with. */
public final class Futures {
    private Futures() {
    }

    /**
     * The failure under the wrappers futures add: a {@link CompletionException} (dependent stages, {@code join})
     * or an {@link ExecutionException} ({@code get}), however deeply nested. A wrapper without a cause is itself the
     * failure and is returned as it is.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable cur = failure;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
