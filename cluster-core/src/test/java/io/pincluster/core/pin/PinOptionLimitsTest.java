package io.pincluster.core.pin;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each limit accepts its bound and refuses one more, naming the limit. */
class PinOptionLimitsTest {
    private static PinOptions named(String name) {
        return new PinOptions(0, 0, name, PinMode.RECURSIVE, 0, List.of(), null, Map.of(), null, List.of());
    }

    private static PinOptions withMetadata(Map<String, String> metadata) {
        return new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(), null, metadata, null, List.of());
    }

    private static PinOptions withOrigins(List<String> origins) {
        return new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(), null, Map.of(), null, origins);
    }

    private static Map<String, String> entries(int n, int valueBytes) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, "v".repeat(valueBytes));
        }
        return m;
    }

    @Test
    void namesAreCountedInUtf8Bytes() {
        assertThatCode(() -> PinOptionLimits.check(named("n".repeat(255)))).doesNotThrowAnyException();
        assertThatThrownBy(() -> PinOptionLimits.check(named("n".repeat(256)))).hasMessageContaining("name: 256 bytes");
        assertThatThrownBy(() -> PinOptionLimits.check(named("é".repeat(128)))).hasMessageContaining("256 bytes");
    }

    @Test
    void metadataEntriesKeysValuesAndTotal() {
        assertThatCode(() -> PinOptionLimits.check(withMetadata(entries(64, 10)))).doesNotThrowAnyException();
        assertThatThrownBy(() -> PinOptionLimits.check(withMetadata(entries(65, 1)))).hasMessageContaining("65 entries");
        assertThatCode(() -> PinOptionLimits.check(withMetadata(entries(1, 4096)))).doesNotThrowAnyException();
        assertThatThrownBy(() -> PinOptionLimits.check(withMetadata(entries(1, 4097))))
                .hasMessageContaining("4097 bytes");
        assertThatThrownBy(() -> PinOptionLimits.check(withMetadata(Map.of("k".repeat(256), "v"))))
                .hasMessageContaining("metadata key").hasMessageContaining("…");
        assertThatThrownBy(() -> PinOptionLimits.check(withMetadata(entries(5, 4000))))
                .hasMessageContaining("in all");
    }

    @Test
    void originsCountAndLength() {
        assertThatThrownBy(() -> PinOptionLimits.check(withOrigins(java.util.Collections.nCopies(33, "/ip4/1.2.3.4"))))
                .hasMessageContaining("33 addresses");
        assertThatThrownBy(() -> PinOptionLimits.check(withOrigins(List.of("/" + "a".repeat(1024)))))
                .hasMessageContaining("1025 characters");
    }

    @Test
    void externalCopiesInMetadataMustBeAWholeNumberFromZeroToSixteen() {
        assertThatCode(() -> PinOptionLimits.check(withMetadata(Map.of("external-copies", "0"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> PinOptionLimits.check(withMetadata(Map.of("external-copies", "16"))))
                .doesNotThrowAnyException();
        for (String bad : List.of("17", "-1", "one", "")) {
            assertThatThrownBy(() -> PinOptionLimits.check(withMetadata(Map.of("external-copies", bad))))
                    .hasMessageContaining("metadata external-copies must be a whole number from 0 to 16");
        }
    }
}
