package io.pincluster.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "index.html  | text/html; charset=utf-8",
            "PHOTO.JPG   | image/jpeg",
            "a.b.svg     | image/svg+xml",
            "x.wasm      | application/wasm",
            "data.json   | application/json"})
    void knownExtensions(String name, String type) {
        assertThat(ContentTypes.byName(name)).isEqualTo(type);
    }

    @Test
    void unknownOrMissingExtensionsDeferToSniffing() {
        assertThat(ContentTypes.byName("README")).isNull();
        assertThat(ContentTypes.byName("archive.xyz")).isNull();
        assertThat(ContentTypes.byName("trailingdot.")).isNull();
        assertThat(ContentTypes.byName(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "89504e470d0a1a0a0000        | image/png",
            "ffd8ffe000104a464946        | image/jpeg",
            "4749463839610100            | image/gif",
            "52494646000000005745425056  | image/webp",
            "255044462d312e37            | application/pdf",
            "504b030414000000            | application/zip",
            "1f8b0800000000000003        | application/gzip",
            "0000001866747970697336      | video/mp4",
            "0061736d01000000            | application/wasm",
            "000102030405ff              | application/octet-stream"})
    void magicNumbers(String hex, String type) {
        assertThat(ContentTypes.sniff(hex(hex))).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'  <!DOCTYPE html><p>x'          | text/html; charset=utf-8",
            "<html><body>                     | text/html; charset=utf-8",
            "<svg xmlns='http://www.w3.org/2000/svg'/> | image/svg+xml",
            "plain words\twith tabs           | text/plain; charset=utf-8",
            "caf\u00e9 \u2603                  | text/plain; charset=utf-8"})
    void textIsRecognised(String text, String type) {
        assertThat(ContentTypes.sniff(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(type);
    }

    @Test
    void aMultiByteCharacterCutByTheSniffWindowIsStillText() {
        byte[] snowman = "\u2603".getBytes(StandardCharsets.UTF_8);
        byte[] cut = {'a', 'b', snowman[0], snowman[1]};
        assertThat(ContentTypes.sniff(cut)).isEqualTo(ContentTypes.TEXT);
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
