package io.pincluster.gateway.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses a file's Content-Type: first from its name's extension, then by sniffing its first bytes. Sniffing only
 * recognises signatures that cannot be mistaken (magic numbers, and markup starts for HTML/SVG), and otherwise
 * tells text from binary, so a browser is never handed an executable type for arbitrary bytes.
 */
final class ContentTypes {
    /** How many leading bytes {@link #sniff} looks at. */
    static final int SNIFF_LENGTH = 512;

    static final String TEXT = "text/plain; charset=utf-8";
    static final String BINARY = "application/octet-stream";
    static final String HTML = "text/html; charset=utf-8";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", HTML), Map.entry("htm", HTML),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("txt", TEXT), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"), Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"), Map.entry("ico", "image/x-icon"),
            Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"),
            Map.entry("wasm", "application/wasm"), Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"), Map.entry("wav", "audio/wav"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("car", "application/vnd.ipld.car"));

    private ContentTypes() {
    }

    /** The type for a file name's extension, or null when the name has none we know. */
    static String byName(String name) {
        if (name == null) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return null;
        }
        return BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The type suggested by a file's first bytes (at most {@link #SNIFF_LENGTH} of them are looked at). */
    static String sniff(byte[] head) {
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return "image/png";
        }
        if (startsWith(head, 0, 0xff, 0xd8, 0xff)) {
            return "image/jpeg";
        }
        if (startsWith(head, 0, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
            return "image/webp";
        }
        if (startsWith(head, 0, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        if (startsWith(head, 0, 'P', 'K', 3, 4)) {
            return "application/zip";
        }
        if (startsWith(head, 0, 0x1f, 0x8b)) {
            return "application/gzip";
        }
        if (startsWith(head, 4, 'f', 't', 'y', 'p')) {
            return "video/mp4";
        }
        if (startsWith(head, 0, 0, 'a', 's', 'm')) {
            return "application/wasm";
        }
        String text = asUtf8(head);
        if (text == null) {
            return BINARY;
        }
        String start = text.stripLeading().toLowerCase(Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<head")
                || start.startsWith("<body")) {
            return HTML;
        }
        if (start.startsWith("<svg") || (start.startsWith("<?xml") && start.contains("<svg"))) {
            return "image/svg+xml";
        }
        return TEXT;
    }

    private static boolean startsWith(byte[] data, int offset, int... signature) {
        if (data.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((data[offset + i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** The bytes as text when they are UTF-8 without control bytes; a character cut at the end is allowed. */
    private static String asUtf8(byte[] head) {
        int end = head.length;
        // The sniffed prefix may stop inside a multi-byte character: drop up to 3 trailing continuation bytes.
        for (int k = 0; k < 3 && end > 0 && (head[end - 1] & 0xc0) == 0x80; k++) {
            end--;
        }
        if (end > 0 && (head[end - 1] & 0xc0) == 0xc0) {
            end--;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, 0, end))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                return null;
            }
        }
        return text;
    }
}
