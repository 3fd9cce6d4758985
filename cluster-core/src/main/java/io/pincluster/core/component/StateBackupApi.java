package io.pincluster.core.component;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Online backup of the whole replicated state ({@code GET /state/backup}) and its restore into a cluster
 * ({@code POST /state/restore}). A backup is a file: a header (format version, the cluster secret's fingerprint,
 * the applied log index and term it was taken at, the time, counts, a SHA-256 checksum) followed by the state as
 * the snapshot format holds it (pins with their allocations, the peer directory, revoked tokens, Pinning Service API
 * pin requests). Decision 0014.
 */
public interface StateBackupApi {
    /** A peer without backups (tests of other routes): every call fails with {@code UNAVAILABLE}. */
    StateBackupApi UNAVAILABLE = new StateBackupApi() {
        @Override
        public BackupInfo backup(Path target) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "state backups are not available on this peer");
        }

        @Override
        public RestoreReport restore(Path backup, boolean force) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "state restore is not available on this peer");
        }
    };

    /**
     * What one backup file holds.
     *
     * @param format             the backup file's format version
     * @param clusterFingerprint a fingerprint of the cluster secret (never the secret): which cluster it came from
     * @param takenBy            the peer that wrote it
     * @param term               the Raft term of the entry at {@code appliedIndex}
     * @param appliedIndex       the log index the state is copied at; every write acknowledged before the backup
     *                           started is at or below it
     * @param created            when the copy was taken (the taking peer's clock)
     * @param pins               pins in it
     * @param peers              peer directory records in it
     * @param revokedTokens      revoked REST tokens in it
     * @param pinRequests        Pinning Service API pin requests in it
     * @param sha256             the checksum in its header, lowercase hex
     * @param bytes              the file's size
     * @param tenants            Pinning Service API tenant records in it (format 2 on)
     * @param archives           cold-tier archive index entries in it (format 3 on)
     */
    record BackupInfo(int format, String clusterFingerprint, String takenBy, long term, long appliedIndex,
                      Instant created, long pins, long peers, long revokedTokens, long pinRequests, String sha256,
                      long bytes, long tenants, long archives) {
        /** A backup without archive index entries. */
        public BackupInfo(int format, String clusterFingerprint, String takenBy, long term, long appliedIndex,
                          Instant created, long pins, long peers, long revokedTokens, long pinRequests, String sha256,
                          long bytes, long tenants) {
            this(format, clusterFingerprint, takenBy, term, appliedIndex, created, pins, peers, revokedTokens,
                    pinRequests, sha256, bytes, tenants, 0);
        }

        /** A backup without tenant records. */
        public BackupInfo(int format, String clusterFingerprint, String takenBy, long term, long appliedIndex,
                          Instant created, long pins, long peers, long revokedTokens, long pinRequests, String sha256,
                          long bytes) {
            this(format, clusterFingerprint, takenBy, term, appliedIndex, created, pins, peers, revokedTokens,
                    pinRequests, sha256, bytes, 0, 0);
        }
    }

    /**
     * What a restore did.
     *
     * @param backup               the backup restored
     * @param pinsRestored         pins committed to this cluster
     * @param pinsExpired          pins left out because their {@code expire_at} had passed
     * @param revokedTokensRestored revocations committed (only when the cluster secret is the backup's)
     * @param pinRequestsRestored  Pinning Service API pin requests committed (under their request IDs)
     * @param sameClusterSecret    whether this cluster's secret fingerprint is the backup's
     * @param tenantsRestored      Pinning Service API tenant records committed
     * @param archivesRestored     archive index entries committed (those of restored pins)
     */
    record RestoreReport(BackupInfo backup, long pinsRestored, long pinsExpired, long revokedTokensRestored,
                         long pinRequestsRestored, boolean sameClusterSecret, long tenantsRestored,
                         long archivesRestored) {
        /** A restore without archive index entries. */
        public RestoreReport(BackupInfo backup, long pinsRestored, long pinsExpired, long revokedTokensRestored,
                             long pinRequestsRestored, boolean sameClusterSecret, long tenantsRestored) {
            this(backup, pinsRestored, pinsExpired, revokedTokensRestored, pinRequestsRestored, sameClusterSecret,
                    tenantsRestored, 0);
        }

        /** A restore without tenant records. */
        public RestoreReport(BackupInfo backup, long pinsRestored, long pinsExpired, long revokedTokensRestored,
                             long pinRequestsRestored, boolean sameClusterSecret) {
            this(backup, pinsRestored, pinsExpired, revokedTokensRestored, pinRequestsRestored, sameClusterSecret, 0,
                    0);
        }
    }

    /**
     * Writes a backup of the replicated state to {@code target} (replaced if it exists). The state is copied at one
     * applied log index, no earlier than that of any write the cluster acknowledged before this call; writes keep
     * flowing meanwhile. Fails with {@code NO_QUORUM} when the cluster cannot commit (a backup must know it is
     * current).
     */
    BackupInfo backup(Path target);

    /**
     * Checks the whole backup in {@code backup} (checksum, length, every record) and only then restores it through
     * the Raft log: every pin again with its options (the leader places it on this cluster's peers), the
     * Pinning Service API's pin requests, and the revoked tokens when the cluster secret is the same. A file that
     * fails any check is refused
     * ({@code BAD_REQUEST}) and nothing changes. A cluster holding pins is refused ({@code CONFLICT}) unless
     * {@code force}: then the backup's pins are pinned over it and its other pins stay.
     */
    RestoreReport restore(Path backup, boolean force);
}
