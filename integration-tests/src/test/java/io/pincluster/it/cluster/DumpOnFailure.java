package io.pincluster.it.cluster;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints the {@link TestCluster#dump()} of every cluster the failing test used (taken when the cluster was closed,
 * i.e. while its peers were still up), so a red build shows each peer's Raft view and last log lines.
 * Use with {@code @ExtendWith(DumpOnFailure.class)}.
 */
public final class DumpOnFailure implements BeforeEachCallback, TestExecutionExceptionHandler {
    private static final List<String> RECENT = new ArrayList<>();

    /** Called by {@link TestCluster#close()} and by tests with processes of their own; kept until the outcome. */
    public static synchronized void record(String dump) {
        RECENT.add(dump);
    }

    private static synchronized List<String> takeRecent() {
        List<String> out = List.copyOf(RECENT);
        RECENT.clear();
        return out;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        takeRecent();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (String dump : takeRecent()) {
            System.err.println("[" + context.getDisplayName() + " failed] " + dump);
        }
        throw failure;
    }
}
