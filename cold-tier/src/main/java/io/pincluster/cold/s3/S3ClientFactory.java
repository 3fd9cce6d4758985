package io.pincluster.cold.s3;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the one synchronous {@link S3Client} a store uses, applying every switch of {@link S3StoreConfig}, and
 * logs the effective settings (secret redacted).
 *
 * <p>Each switch is set explicitly, never left to the SDK's environment lookup ({@code AWS_REQUEST_CHECKSUM_...},
 * profile files): the config file alone decides how the cluster talks to its store.
 */
public final class S3ClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(S3ClientFactory.class);

    private S3ClientFactory() {
    }

    /** A new client; the caller owns it and closes it. */
    public static S3Client create(S3StoreConfig config) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey().reveal())))
                // Only on the builder: setting it in S3Configuration as well makes the SDK refuse to build.
                .forcePathStyle(config.pathStyle())
                .requestChecksumCalculation(switch (config.requestChecksums()) {
                    case WHEN_SUPPORTED -> RequestChecksumCalculation.WHEN_SUPPORTED;
                    case WHEN_REQUIRED -> RequestChecksumCalculation.WHEN_REQUIRED;
                })
                .responseChecksumValidation(switch (config.responseChecksums()) {
                    case WHEN_SUPPORTED -> ResponseChecksumValidation.WHEN_SUPPORTED;
                    case WHEN_REQUIRED -> ResponseChecksumValidation.WHEN_REQUIRED;
                })
                .serviceConfiguration(S3Configuration.builder()
                        .chunkedEncodingEnabled(config.chunkedEncoding())
                        .build())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(config.ioTimeout())
                        .socketTimeout(config.ioTimeout()))
                // Bounded: a store that is down fails the archive job after a few backed-off attempts, and the
                // job's own schedule (not a retry loop here) decides when to try again.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.maxAttempts())
                        .build()));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        if (config.legacyMd5()) {
            // SDK 2.30 replaced Content-MD5 by a CRC32 on DeleteObjects; stores from before 2025 want the MD5.
            builder.addPlugin(LegacyMd5Plugin.create());
        }
        LOG.info("S3 client for {}", config);
        return builder.build();
    }
}
