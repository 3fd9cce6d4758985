package io.pincluster.consensus.ratis;

import java.io.IOException;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;

/**
 * Ratis' snapshot directory with its "latest snapshot" bookkeeping made one step at a time. In Ratis 3.3.0 a
 * {@code getLatestSnapshot} that finds none cached scans the directory and then merges what it found; when our
 * background writer registered the first snapshot between the scan (which found nothing) and the merge, the
 * merge threw a NullPointerException on Ratis' apply thread, which then stopped for good: the peer answered
 * every append with "server not ready" and never caught up. Seen under 20k pins/s at the first snapshot.
 */
final class SerializedSnapshotStorage extends SimpleStateMachineStorage {
    @Override
    public synchronized SingleFileSnapshotInfo updateLatestSnapshot(SingleFileSnapshotInfo info) {
        return super.updateLatestSnapshot(info);
    }

    @Override
    public synchronized SingleFileSnapshotInfo getLatestSnapshot() {
        return super.getLatestSnapshot();
    }

    @Override
    public synchronized SingleFileSnapshotInfo loadLatestSnapshot() {
        return super.loadLatestSnapshot();
    }

    @Override
    public synchronized void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
        super.cleanupOldSnapshots(policy);
    }
}
