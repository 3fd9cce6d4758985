package io.pincluster.ipld.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector of cid-vectors.json (Kubo's CIDs, DAG sizes and block counts) against the importer. */
class CidVectorsTest {

    static Stream<Arguments> vectors() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : load().get("vectors")) {
            for (String variant : List.of("kubo-v0", "kubo-v1")) {
                out.add(Arguments.of(v.get("name").asText() + " " + variant, v, variant));
            }
        }
        return out.stream();
    }

    private static JsonNode load() throws IOException {
        try (InputStream in = CidVectorsTest.class.getResourceAsStream("/cid-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void importMatchesKubo(String label, JsonNode vector, String variant) throws IOException {
        ImportOptions options = variant.equals("kubo-v0") ? ImportOptions.kuboDefaults() : ImportOptions.kuboV1();
        Set<Cid> unique = new HashSet<>();
        long[] progress = {0};

        ImportedNode root = new FileImporter(options).importFile(input(vector), (cid, block) -> unique.add(cid),
                done -> progress[0] = done);

        assertThat(root.cid()).hasToString(vector.get("cids").get(variant).asText());
        assertThat(root.dagSize()).isEqualTo(vector.get("dagSize").get(variant).asLong());
        assertThat(unique).hasSize(vector.get("uniqueBlocks").get(variant).asInt());
        assertThat(root.contentSize()).isEqualTo(vector.get("length").asLong());
        assertThat(progress[0]).isEqualTo(vector.get("length").asLong());
    }

    @Test
    void inputGeneratorMatchesTheVectorsDefinition() throws Exception {
        JsonNode prng = load().get("prng");
        byte[] first = PrngStream.prng(16).readAllBytes();
        assertThat(HexFormat.of().formatHex(first)).isEqualTo(prng.get("PRNG_FIRST_16_HEX").asText());
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(PrngStream.prng(1 << 20).readAllBytes());
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(prng.get("sha256_prng_1MiB").asText());
    }

    private static InputStream input(JsonNode vector) {
        String name = vector.get("name").asText();
        long length = vector.get("length").asLong();
        if (name.startsWith("hello-world")) {
            return new java.io.ByteArrayInputStream("hello world\n".getBytes(StandardCharsets.US_ASCII));
        }
        return name.startsWith("zeros") ? PrngStream.zeros(length) : PrngStream.prng(length);
    }
}
