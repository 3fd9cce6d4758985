package io.pincluster.cold.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the archives live and how to talk to that store: endpoint, bucket, region, credentials, and the client
 * switches that make one S3 client work with AWS and with S3-compatible stores (docs/decisions/0016).
 *
 * <p>Every rule is checked here, with one message per rule, so a bad {@code service.json} fails at start-up and not
 * at the first archive. {@link #toString()} prints every field but the secret, which prints as {@code <redacted>}
 * (see {@link Secret}); the start-up log line of the effective config is that string.
 *
 * @param endpoint           the store's base URL ({@code http://127.0.0.1:9000}), or null for AWS's own regional
 *                           endpoint
 * @param bucket             the bucket every archive goes to; it must exist (the store does not create it)
 * @param region             the signing region; S3-compatible stores mostly accept {@code us-east-1}
 * @param accessKeyId        the access key id (not secret: it names the key, like a user name)
 * @param secretAccessKey    the secret key
 * @param pathStyle          {@code host/bucket/key} addressing instead of AWS's {@code bucket.host/key}; needed by
 *                           most S3-compatible stores and every test server
 * @param requestChecksums   when the client adds {@code x-amz-checksum-*} to requests
 * @param responseChecksums  when the client checks them on responses
 * @param chunkedEncoding    whether bodies may be sent {@code aws-chunked} (signed chunks or a checksum trailer);
 *                           off for stores that store the framing as data
 * @param legacyMd5          whether DeleteObjects and the like carry a Content-MD5 again, as before SDK 2.30, for
 *                           stores that require it
 * @param partSize           multipart part size in bytes: at least 5 MiB (the S3 minimum for all but the last part),
 *                           at most 5 GiB; an archive too big for 10,000 parts of it gets bigger parts
 * @param singlePutThreshold archives smaller than this go in one PutObject, the rest multipart (at most 5 GiB,
 *                           the largest single PutObject)
 * @param verifyByReadBack   after an upload, read the whole object back and compare its SHA-256 with ours, on top
 *                           of the length, ETag and per-request Content-MD5 checks; costs one full GET per archive
 * @param maxAttempts        attempts per S3 request (1 = no retry); the SDK's standard back-off in between
 * @param ioTimeout          connect timeout and longest silence on an open connection
 * @param listPageSize       entries per page of the List* calls (S3 caps them at 1,000)
 */
public record S3StoreConfig(URI endpoint, String bucket, String region, String accessKeyId, Secret secretAccessKey,
        boolean pathStyle, ChecksumMode requestChecksums, ChecksumMode responseChecksums, boolean chunkedEncoding,
        boolean legacyMd5, long partSize, long singlePutThreshold, boolean verifyByReadBack, int maxAttempts,
        Duration ioTimeout, int listPageSize) {

    public static final long MIB = 1024L * 1024;
    /** S3's smallest part but the last. */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** S3's largest part, and its largest single PutObject. */
    public static final long MAX_PART_SIZE = 5 * 1024 * MIB;
    public static final long DEFAULT_PART_SIZE = 16 * MIB;
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofSeconds(60);
    /** S3's page cap for ListObjectsV2, ListParts and ListMultipartUploads. */
    public static final int MAX_LIST_PAGE_SIZE = 1000;
    private static final int MAX_MAX_ATTEMPTS = 10;
    // AWS's rule for new buckets; stores that allow more (old us-east-1 names) are not worth the ambiguity.
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3StoreConfig {
        if (endpoint != null) {
            checkEndpoint(endpoint);
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("s3 bucket must not be empty");
        }
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("s3 bucket \"" + bucket + "\" is not a valid bucket name: 3 to 63 "
                    + "lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("s3 region must not be empty (S3-compatible stores mostly accept "
                    + "us-east-1)");
        }
        if (accessKeyId == null || accessKeyId.isBlank()) {
            throw new IllegalArgumentException("s3 access key id must not be empty");
        }
        Objects.requireNonNull(secretAccessKey, "s3 secret access key must be set");
        Objects.requireNonNull(requestChecksums, "s3 request checksum mode must be set (WHEN_SUPPORTED or "
                + "WHEN_REQUIRED)");
        Objects.requireNonNull(responseChecksums, "s3 response checksum mode must be set (WHEN_SUPPORTED or "
                + "WHEN_REQUIRED)");
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("s3 part size must be at least 5 MiB (" + MIN_PART_SIZE
                    + " bytes), the S3 minimum for every part but the last: got " + partSize);
        }
        if (partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("s3 part size must be at most 5 GiB (" + MAX_PART_SIZE
                    + " bytes), the S3 maximum: got " + partSize);
        }
        if (singlePutThreshold < 1 || singlePutThreshold > MAX_PART_SIZE) {
            throw new IllegalArgumentException("s3 single-put threshold must be 1 byte to 5 GiB (" + MAX_PART_SIZE
                    + " bytes, the largest single PutObject): got " + singlePutThreshold);
        }
        if (maxAttempts < 1 || maxAttempts > MAX_MAX_ATTEMPTS) {
            throw new IllegalArgumentException("s3 max attempts must be 1 to " + MAX_MAX_ATTEMPTS + ": got "
                    + maxAttempts);
        }
        if (ioTimeout == null || ioTimeout.isNegative() || ioTimeout.isZero()) {
            throw new IllegalArgumentException("s3 io timeout must be positive: got " + ioTimeout);
        }
        if (listPageSize < 1 || listPageSize > MAX_LIST_PAGE_SIZE) {
            throw new IllegalArgumentException("s3 list page size must be 1 to " + MAX_LIST_PAGE_SIZE + ": got "
                    + listPageSize);
        }
    }

    /**
     * An S3-compatible store at {@code endpoint}, with the client settings measured to work on AWS-compatible test
     * servers and on stores that predate SDK 2.30's checksums: path style, checksums only when required, no
     * {@code aws-chunked} bodies, Content-MD5 on DeleteObjects; region {@code us-east-1}; default sizes.
     */
    public static S3StoreConfig compatibleStore(URI endpoint, String bucket, String accessKeyId, Secret secret) {
        Objects.requireNonNull(endpoint, "s3 endpoint must be set for an S3-compatible store");
        return new S3StoreConfig(endpoint, bucket, "us-east-1", accessKeyId, secret, true,
                ChecksumMode.WHEN_REQUIRED, ChecksumMode.WHEN_REQUIRED, false, true, DEFAULT_PART_SIZE,
                DEFAULT_PART_SIZE, false, DEFAULT_MAX_ATTEMPTS, DEFAULT_IO_TIMEOUT, MAX_LIST_PAGE_SIZE);
    }

    /** AWS S3 itself in {@code region}: the SDK's own defaults (virtual-host addressing, CRC32 checksums). */
    public static S3StoreConfig aws(String region, String bucket, String accessKeyId, Secret secret) {
        return new S3StoreConfig(null, bucket, region, accessKeyId, secret, false, ChecksumMode.WHEN_SUPPORTED,
                ChecksumMode.WHEN_SUPPORTED, true, false, DEFAULT_PART_SIZE, DEFAULT_PART_SIZE, false,
                DEFAULT_MAX_ATTEMPTS, DEFAULT_IO_TIMEOUT, MAX_LIST_PAGE_SIZE);
    }

    public S3StoreConfig withPartSize(long bytes) {
        return new S3StoreConfig(endpoint, bucket, region, accessKeyId, secretAccessKey, pathStyle, requestChecksums,
                responseChecksums, chunkedEncoding, legacyMd5, bytes, singlePutThreshold, verifyByReadBack,
                maxAttempts, ioTimeout, listPageSize);
    }

    public S3StoreConfig withSinglePutThreshold(long bytes) {
        return new S3StoreConfig(endpoint, bucket, region, accessKeyId, secretAccessKey, pathStyle, requestChecksums,
                responseChecksums, chunkedEncoding, legacyMd5, partSize, bytes, verifyByReadBack, maxAttempts,
                ioTimeout, listPageSize);
    }

    public S3StoreConfig withVerifyByReadBack(boolean readBack) {
        return new S3StoreConfig(endpoint, bucket, region, accessKeyId, secretAccessKey, pathStyle, requestChecksums,
                responseChecksums, chunkedEncoding, legacyMd5, partSize, singlePutThreshold, readBack, maxAttempts,
                ioTimeout, listPageSize);
    }

    public S3StoreConfig withListPageSize(int entries) {
        return new S3StoreConfig(endpoint, bucket, region, accessKeyId, secretAccessKey, pathStyle, requestChecksums,
                responseChecksums, chunkedEncoding, legacyMd5, partSize, singlePutThreshold, verifyByReadBack,
                maxAttempts, ioTimeout, entries);
    }

    public S3StoreConfig withMaxAttempts(int attempts) {
        return new S3StoreConfig(endpoint, bucket, region, accessKeyId, secretAccessKey, pathStyle, requestChecksums,
                responseChecksums, chunkedEncoding, legacyMd5, partSize, singlePutThreshold, verifyByReadBack,
                attempts, ioTimeout, listPageSize);
    }

    /** The same store with the SDK's post-2.30 defaults: checksums when supported, chunked bodies, no legacy MD5. */
    public S3StoreConfig withSdkChecksumDefaults() {
        return new S3StoreConfig(endpoint, bucket, region, accessKeyId, secretAccessKey, pathStyle,
                ChecksumMode.WHEN_SUPPORTED, ChecksumMode.WHEN_SUPPORTED, true, false, partSize, singlePutThreshold,
                verifyByReadBack, maxAttempts, ioTimeout, listPageSize);
    }

    private static void checkEndpoint(URI endpoint) {
        // The message never echoes a URI with user info: that part could hold a password.
        if (endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("s3 endpoint must not carry credentials in the URL; set the access "
                    + "key id and secret instead");
        }
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new IllegalArgumentException("s3 endpoint must be an http or https URL with a host: " + endpoint);
        }
        String path = endpoint.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/") || endpoint.getRawQuery() != null) {
            throw new IllegalArgumentException("s3 endpoint must not have a path or query (the bucket is a separate "
                    + "setting): " + endpoint);
        }
    }
}
