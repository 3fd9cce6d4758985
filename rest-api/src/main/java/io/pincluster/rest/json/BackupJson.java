package io.pincluster.rest.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pincluster.core.component.StateBackupApi.BackupInfo;
import io.pincluster.core.component.StateBackupApi.RestoreReport;

/** A state backup's header, and the answer to {@code POST /state/restore} (decision 0014). */
public final class BackupJson {
    private BackupJson() {
    }

    /** What a backup file holds, as its header says. */
    public record Info(@JsonProperty("format") int format,
                       @JsonProperty("cluster_fingerprint") String clusterFingerprint,
                       @JsonProperty("taken_by") String takenBy, @JsonProperty("term") long term,
                       @JsonProperty("applied_index") long appliedIndex, @JsonProperty("created") String created,
                       @JsonProperty("pins") long pins, @JsonProperty("peers") long peers,
                       @JsonProperty("revoked_tokens") long revokedTokens,
                       @JsonProperty("pin_requests") long pinRequests, @JsonProperty("sha256") String sha256,
                       @JsonProperty("bytes") long bytes, @JsonProperty("tenants") long tenants,
                       @JsonProperty("archives") long archives) {
        public static Info of(BackupInfo i) {
            return new Info(i.format(), i.clusterFingerprint(), i.takenBy(), i.term(), i.appliedIndex(),
                    i.created().toString(), i.pins(), i.peers(), i.revokedTokens(), i.pinRequests(), i.sha256(),
                    i.bytes(), i.tenants(), i.archives());
        }
    }

    /** What a restore did. */
    public record Restored(@JsonProperty("backup") Info backup, @JsonProperty("pins_restored") long pinsRestored,
                           @JsonProperty("pins_expired") long pinsExpired,
                           @JsonProperty("revoked_tokens_restored") long revokedTokensRestored,
                           @JsonProperty("pin_requests_restored") long pinRequestsRestored,
                           @JsonProperty("same_cluster_secret") boolean sameClusterSecret,
                           @JsonProperty("tenants_restored") long tenantsRestored,
                           @JsonProperty("archives_restored") long archivesRestored) {
        public static Restored of(RestoreReport r) {
            return new Restored(Info.of(r.backup()), r.pinsRestored(), r.pinsExpired(), r.revokedTokensRestored(),
                    r.pinRequestsRestored(), r.sameClusterSecret(), r.tenantsRestored(), r.archivesRestored());
        }
    }
}
