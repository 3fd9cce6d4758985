package io.pincluster.it.cluster;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints the {@link TestCluster#dump()} of every cluster the failing test used (taken when the cluster was closed,
 * i.e. while its peers were still up), so a red build shows each peer's Raft view and last log lines.
 * Use with {@code @ExtendWith(DumpOnFailure.class)}.
 */
public final class DumpOnFailure implements BeforeEachCallback, TestExecutionExceptionHandler {
    @Override
    public void beforeEach(ExtensionContext context) {
        TestCluster.takeRecentDumps();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (String dump : TestCluster.takeRecentDumps()) {
            System.err.println("[" + context.getDisplayName() + " failed] " + dump);
        }
        throw failure;
    }
}
