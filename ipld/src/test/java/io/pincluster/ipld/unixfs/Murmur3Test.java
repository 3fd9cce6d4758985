package io.pincluster.ipld.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Murmur3Test {
    @Test
    void matchesTheReferenceX64_128FirstHalf() {
        // murmur3_x64_128("hello", 0) = cbd8a7b341bd9b02 5b1e906a48ae1d19 (h1, h2); "" hashes to 0.
        assertThat(Murmur3.hash64("hello".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xcbd8a7b341bd9b02L);
        assertThat(Murmur3.hash64(new byte[0])).isZero();
    }
}
