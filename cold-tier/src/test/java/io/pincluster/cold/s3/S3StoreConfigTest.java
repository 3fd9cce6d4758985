package io.pincluster.cold.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Config rules, one clear message each, and a secret that never prints. */
class S3StoreConfigTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:9000");
    private static final Secret SECRET = Secret.of("very-secret-value-123");

    private static S3StoreConfig valid() {
        return S3StoreConfig.compatibleStore(ENDPOINT, "cold-archives", "AKIDEXAMPLE", SECRET);
    }

    @Test
    void compatibleStoreDefaultsAreTheMeasuredSafeSettings() {
        S3StoreConfig config = valid();
        assertThat(config.pathStyle()).isTrue();
        assertThat(config.requestChecksums()).isEqualTo(ChecksumMode.WHEN_REQUIRED);
        assertThat(config.responseChecksums()).isEqualTo(ChecksumMode.WHEN_REQUIRED);
        assertThat(config.chunkedEncoding()).isFalse();
        assertThat(config.legacyMd5()).isTrue();
        assertThat(config.partSize()).isEqualTo(16 * S3StoreConfig.MIB);
        assertThat(config.region()).isEqualTo("us-east-1");
    }

    @Test
    void awsKeepsTheSdkDefaults() {
        S3StoreConfig config = S3StoreConfig.aws("eu-west-1", "cold-archives", "AKIDEXAMPLE", SECRET);
        assertThat(config.endpoint()).isNull();
        assertThat(config.pathStyle()).isFalse();
        assertThat(config.requestChecksums()).isEqualTo(ChecksumMode.WHEN_SUPPORTED);
        assertThat(config.chunkedEncoding()).isTrue();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        assertThat(valid().toString()).contains("secretAccessKey=<redacted>", "AKIDEXAMPLE", "cold-archives")
                .doesNotContain(SECRET.reveal());
        assertThat(SECRET).hasToString("<redacted>");
        assertThat(String.valueOf(SECRET)).doesNotContain("very");
    }

    @Test
    void partsUnder5MiBAreRefused() {
        assertThatThrownBy(() -> valid().withPartSize(5 * S3StoreConfig.MIB - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("s3 part size must be at least 5 MiB (5242880 bytes), the S3 minimum for every part but "
                        + "the last: got 5242879");
        assertThat(valid().withPartSize(5 * S3StoreConfig.MIB).partSize()).isEqualTo(5_242_880);
        assertThatThrownBy(() -> valid().withPartSize(S3StoreConfig.MAX_PART_SIZE + 1))
                .hasMessageContaining("at most 5 GiB");
    }

    @Test
    void anEmptyOrInvalidBucketIsRefused() {
        assertThatThrownBy(() -> S3StoreConfig.compatibleStore(ENDPOINT, "", "id", SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("s3 bucket must not be empty");
        assertThatThrownBy(() -> S3StoreConfig.compatibleStore(ENDPOINT, null, "id", SECRET))
                .hasMessage("s3 bucket must not be empty");
        assertThatThrownBy(() -> S3StoreConfig.compatibleStore(ENDPOINT, "Cold_Archives", "id", SECRET))
                .hasMessageStartingWith("s3 bucket \"Cold_Archives\" is not a valid bucket name");
    }

    @Test
    void missingCredentialsAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> S3StoreConfig.compatibleStore(ENDPOINT, "b-1", " ", SECRET))
                .hasMessage("s3 access key id must not be empty");
        assertThatThrownBy(() -> S3StoreConfig.compatibleStore(ENDPOINT, "b-1", "id", null))
                .hasMessage("s3 secret access key must be set");
        assertThatThrownBy(() -> Secret.of("")).hasMessage("a secret must not be empty");
    }

    @Test
    void badEndpointsAreRefused() {
        assertThatThrownBy(() -> S3StoreConfig.compatibleStore(URI.create("ftp://host:21"), "b-1", "id", SECRET))
                .hasMessageContaining("must be an http or https URL");
        assertThatThrownBy(() -> S3StoreConfig.compatibleStore(URI.create("http://host:9000/bucket"), "b-1", "id",
                SECRET)).hasMessageContaining("must not have a path");
        assertThatThrownBy(() -> S3StoreConfig.compatibleStore(URI.create("http://user:hunter2@host:9000"), "b-1",
                "id", SECRET)).hasMessageContaining("must not carry credentials")
                .hasMessageNotContaining("hunter2");
        assertThat(S3StoreConfig.compatibleStore(URI.create("https://s3.example.net/"), "b-1", "id", SECRET)
                .endpoint()).hasToString("https://s3.example.net/");
    }

    @Test
    void otherLimits() {
        assertThatThrownBy(() -> valid().withSinglePutThreshold(0)).hasMessageContaining("single-put threshold");
        assertThatThrownBy(() -> valid().withSinglePutThreshold(S3StoreConfig.MAX_PART_SIZE + 1))
                .hasMessageContaining("single-put threshold must be 1 byte to 5 GiB");
        assertThatThrownBy(() -> valid().withMaxAttempts(0)).hasMessage("s3 max attempts must be 1 to 10: got 0");
        assertThatThrownBy(() -> valid().withListPageSize(1001))
                .hasMessage("s3 list page size must be 1 to 1000: got 1001");
    }
}
