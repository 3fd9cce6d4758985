package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.cold.archive.ArchiveKeys;
import io.pincluster.cold.s3.ChecksumMode;
import io.pincluster.cold.s3.S3StoreConfig;
import io.pincluster.cold.s3.Secret;
import io.pincluster.core.cold.ArchivePolicy;
import io.pincluster.core.time.GoDuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Section {@code cold}: the cold tier (issue 17, decisions 0016 and 0019): which pins are archived as CARs to an
 * S3-compatible bucket, where that bucket is and how to reach it, and how hard the peer works at it. Off by default
 * ({@code policy: none}); the S3 settings are checked only when a policy is on, by the same rules as the object
 * store's own ({@link S3StoreConfig}), so a bad file fails at start-up and not at the first archive.
 *
 * <p>The secret key is written only to the file itself: {@link ServiceConfigFile#toJson} with redaction (the start-up
 * log line) prints it as {@value ServiceConfigFile#REDACTED}, and no message quotes it.
 *
 * @param policy          {@code none} (off), {@code all}, or {@code option} (pins with the pin option
 *                        {@code archive=true})
 * @param endpoint        the store's base URL; empty for AWS S3 itself (then {@code region} picks the endpoint)
 * @param bucket          the bucket (it must exist)
 * @param region          the signing region ({@code us-east-1} suits most S3-compatible stores)
 * @param accessKeyId     the access key id
 * @param secretAccessKey the secret key
 * @param pathStyle       {@code host/bucket/key} addressing (most S3-compatible stores need it)
 * @param keyPrefix       where archives go in the bucket, empty or ending in {@code /}
 * @param spoolDir        the folder archives are written to before their upload (relative to the peer's folder)
 * @param concurrentJobs  archive jobs this peer runs at once
 * @param scanInterval    how often the peer looks for pins it should archive
 * @param maxBackoff      the longest wait before a failed archive of a pin is tried again
 * @param restoreOnPin    whether the pin tracker restores a pin from its archive when no peer has its blocks
 * @param gcInterval      how often the leader collects archives no wanted pin needs (decision 0021); zero: never
 * @param gcGrace         how long an archive stays unwanted before it is collected
 * @param archiveCountsAsCopy whether the leader's repair counts an indexed archive as one copy toward a pin's
 *                        {@code replication_factor_min} (decision 0024); a pin keeps at least one hot copy either way
 * @param dropHotAfter    how long an archived pin may go unread before the leader drops its hot copies (decision
 *                        0024; reads are then served from the archive); zero: never
 * @param readReportInterval how often a peer reports the archived pins it served to readers (their last-read times)
 */
public record ColdSection(ArchivePolicy policy, String endpoint, String bucket, String region, String accessKeyId,
                          String secretAccessKey, boolean pathStyle, String keyPrefix, String spoolDir,
                          int concurrentJobs, Duration scanInterval, Duration maxBackoff, boolean restoreOnPin,
                          Duration gcInterval, Duration gcGrace, boolean archiveCountsAsCopy, Duration dropHotAfter,
                          Duration readReportInterval) {
    static final String NAME = "cold";
    static final int MAX_CONCURRENT_JOBS = 64;
    /**
     * Open multipart uploads are aborted once older than this or {@code gc_grace}, whichever is longer: far beyond
     * the longest upload, so a running job's upload is never cut off, even with a short grace (decision 0021).
     */
    public static final Duration MIN_UPLOAD_GRACE = Duration.ofDays(1);
    /** Archives one collector pass deletes at most; the rest wait for the next pass. */
    public static final int GC_MAX_DELETIONS = 1000;

    public ColdSection {
        Checks c = new Checks(NAME);
        c.require(policy != null, "policy", "must be none, all or option").throwIfAny();
        endpoint = endpoint == null ? "" : endpoint.trim();
        keyPrefix = keyPrefix == null ? ArchiveKeys.DEFAULT_PREFIX : keyPrefix;
        c.require(keyPrefix.isEmpty() || keyPrefix.endsWith("/"), "key_prefix", "must be empty or end with '/'")
                .require(spoolDir != null && !spoolDir.isBlank(), "spool_dir", "is required")
                .require(concurrentJobs >= 1 && concurrentJobs <= MAX_CONCURRENT_JOBS, "concurrent_jobs",
                        "must be 1 to " + MAX_CONCURRENT_JOBS + ", not " + concurrentJobs)
                .requireInterval(scanInterval, "scan_interval", false)
                .require(maxBackoff != null && !maxBackoff.isNegative() && !maxBackoff.isZero(), "max_backoff",
                        "must be positive")
                .requireInterval(gcInterval, "gc_interval", true)
                .require(gcGrace != null && !gcGrace.isNegative() && !gcGrace.isZero(), "gc_grace",
                        "must be positive: an unpinned pin's archive is kept at least this long")
                .require(dropHotAfter != null && !dropHotAfter.isNegative(), "drop_hot_after",
                        "must be a duration, 0 to keep hot copies of archived pins however long nobody reads them")
                .requireInterval(readReportInterval, "read_report_interval", false);
        if (dropHotAfter != null && readReportInterval != null && !dropHotAfter.isZero()
                && dropHotAfter.compareTo(readReportInterval.multipliedBy(2)) < 0) {
            // a read is reported up to one interval late: a shorter limit could drop the copies of a pin being read
            c.require(false, "drop_hot_after", "must be 0 or at least twice read_report_interval ("
                    + GoDuration.format(readReportInterval) + ")");
        }
        if (policy != ArchivePolicy.NONE) {
            c.require(bucket != null && !bucket.isBlank(), "bucket", "is required when the policy is "
                    + policy.configName())
                    .require(accessKeyId != null && !accessKeyId.isBlank(), "access_key_id",
                            "is required when the policy is " + policy.configName())
                    .require(secretAccessKey != null && !secretAccessKey.isEmpty(), "secret_access_key",
                            "is required when the policy is " + policy.configName());
            c.throwIfAny();
            try {
                // the object store's own rules, one message each; none quotes the secret. Static: a compact
                // constructor's fields are not assigned yet
                s3(endpoint, bucket, region, accessKeyId, secretAccessKey, pathStyle);
            } catch (IllegalArgumentException | NullPointerException e) {
                c.require(false, "s3", e.getMessage());
            }
        }
        c.throwIfAny();
    }

    public static ColdSection defaults() {
        return new ColdSection(ArchivePolicy.NONE, "", "", "us-east-1", "", "", true, ArchiveKeys.DEFAULT_PREFIX,
                "cold-spool", 2, Duration.ofSeconds(10), Duration.ofMinutes(5), true, Duration.ofHours(1),
                Duration.ofHours(24), false, Duration.ZERO, Duration.ofMinutes(1));
    }

    /** Whether the cold tier runs at all. */
    public boolean enabled() {
        return policy != ArchivePolicy.NONE;
    }

    /**
     * The object store's configuration: for an endpoint, the settings 0016 measured to work with S3-compatible
     * stores (checksums only when required, no {@code aws-chunked} bodies); without one, AWS's own defaults.
     */
    public S3StoreConfig s3() {
        return s3(endpoint, bucket, region, accessKeyId, secretAccessKey, pathStyle);
    }

    private static S3StoreConfig s3(String endpoint, String bucket, String region, String accessKeyId,
                                    String secretAccessKey, boolean pathStyle) {
        Secret secret = Secret.of(secretAccessKey);
        if (endpoint.isEmpty()) {
            S3StoreConfig aws = S3StoreConfig.aws(region, bucket, accessKeyId, secret);
            return pathStyle ? new S3StoreConfig(null, bucket, region, accessKeyId, secret, true,
                    aws.requestChecksums(), aws.responseChecksums(), aws.chunkedEncoding(), aws.legacyMd5(),
                    aws.partSize(), aws.singlePutThreshold(), false, aws.maxAttempts(), aws.ioTimeout(),
                    aws.listPageSize()) : aws;
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            // the reason only: the text may hold user info
            throw new IllegalArgumentException("endpoint is not a URL: " + e.getReason());
        }
        return new S3StoreConfig(uri, bucket, region, accessKeyId, secret, pathStyle, ChecksumMode.WHEN_REQUIRED,
                ChecksumMode.WHEN_REQUIRED, false, true, S3StoreConfig.DEFAULT_PART_SIZE,
                S3StoreConfig.DEFAULT_PART_SIZE, false, S3StoreConfig.DEFAULT_MAX_ATTEMPTS,
                S3StoreConfig.DEFAULT_IO_TIMEOUT, S3StoreConfig.MAX_LIST_PAGE_SIZE);
    }

    public ColdSection withRestoreOnPin(boolean restore) {
        return new ColdSection(policy, endpoint, bucket, region, accessKeyId, secretAccessKey, pathStyle, keyPrefix,
                spoolDir, concurrentJobs, scanInterval, maxBackoff, restore, gcInterval, gcGrace, archiveCountsAsCopy,
                dropHotAfter, readReportInterval);
    }

    /** Whether the leader drops hot copies of archived pins nobody reads ({@code drop_hot_after} not 0). */
    public boolean dropsHotCopies() {
        return enabled() && !dropHotAfter.isZero();
    }

    /** Whether the leader collects archives at all ({@code gc_interval} not 0). */
    public boolean gcEnabled() {
        return enabled() && !gcInterval.isZero();
    }

    /** How old an open multipart upload must be before the collector aborts it. */
    public Duration uploadGrace() {
        return gcGrace.compareTo(MIN_UPLOAD_GRACE) > 0 ? gcGrace : MIN_UPLOAD_GRACE;
    }

    static ColdSection read(SectionReader r, ColdSection d) {
        String policyText = r.string("policy", d.policy().configName());
        ArchivePolicy policy;
        try {
            policy = ArchivePolicy.parse(policyText);
        } catch (IllegalArgumentException e) {
            r.problem("policy", e.getMessage());
            policy = d.policy();
        }
        return new ColdSection(policy, r.string("endpoint", d.endpoint()), r.string("bucket", d.bucket()),
                r.string("region", d.region()), r.string("access_key_id", d.accessKeyId()),
                r.string("secret_access_key", d.secretAccessKey()), r.bool("path_style", d.pathStyle()),
                r.string("key_prefix", d.keyPrefix()), r.string("spool_dir", d.spoolDir()),
                r.integer("concurrent_jobs", d.concurrentJobs()), r.duration("scan_interval", d.scanInterval()),
                r.duration("max_backoff", d.maxBackoff()), r.bool("restore_on_pin", d.restoreOnPin()),
                r.duration("gc_interval", d.gcInterval()), r.duration("gc_grace", d.gcGrace()),
                r.bool("archive_counts_as_copy", d.archiveCountsAsCopy()),
                r.duration("drop_hot_after", d.dropHotAfter()),
                r.duration("read_report_interval", d.readReportInterval()));
    }

    void writeTo(ObjectNode o, boolean redact) {
        o.put("policy", policy.configName());
        o.put("endpoint", endpoint);
        o.put("bucket", bucket);
        o.put("region", region);
        o.put("access_key_id", accessKeyId);
        o.put("secret_access_key", redact && !secretAccessKey.isEmpty() ? ServiceConfigFile.REDACTED
                : secretAccessKey);
        o.put("path_style", pathStyle);
        o.put("key_prefix", keyPrefix);
        o.put("spool_dir", spoolDir);
        o.put("concurrent_jobs", concurrentJobs);
        o.put("scan_interval", GoDuration.format(scanInterval));
        o.put("max_backoff", GoDuration.format(maxBackoff));
        o.put("restore_on_pin", restoreOnPin);
        o.put("gc_interval", GoDuration.format(gcInterval));
        o.put("gc_grace", GoDuration.format(gcGrace));
        o.put("archive_counts_as_copy", archiveCountsAsCopy);
        o.put("drop_hot_after", GoDuration.format(dropHotAfter));
        o.put("read_report_interval", GoDuration.format(readReportInterval));
    }

    /** Not printed by a record's default {@code toString}: the secret key. */
    @Override
    public String toString() {
        return "ColdSection[policy=" + policy.configName() + ", endpoint=" + endpoint + ", bucket=" + bucket
                + ", region=" + region + ", accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>, pathStyle="
                + pathStyle + ", keyPrefix=" + keyPrefix + ", spoolDir=" + spoolDir + ", concurrentJobs="
                + concurrentJobs + ", scanInterval=" + scanInterval + ", maxBackoff=" + maxBackoff
                + ", restoreOnPin=" + restoreOnPin + ", gcInterval=" + gcInterval + ", gcGrace=" + gcGrace
                + ", archiveCountsAsCopy=" + archiveCountsAsCopy + ", dropHotAfter=" + dropHotAfter
                + ", readReportInterval=" + readReportInterval + "]";
    }
}
