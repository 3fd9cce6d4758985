package io.pincluster.gateway.http;

import io.pincluster.core.error.Excerpt;
import com.linecorp.armeria.common.HttpStatus;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code /ipfs/{cid}[/path]} request path. Parsing works on the raw (still percent-encoded) path so
 * that encoded slashes, dot segments and NUL bytes are seen and refused, not normalised away: a content path
 * names links in a DAG, and none of those can be a link name Kubo would write.
 *
 * @param root          the CID after {@code /ipfs/}
 * @param segments      the decoded path segments under the root
 * @param trailingSlash whether the path ended with {@code /}
 */
record GatewayPath(Cid root, List<String> segments, boolean trailingSlash) {
    static final String PREFIX = "/ipfs/";
    /** Most segments under the root: each costs a block read (or a peer fetch) to resolve. */
    static final int MAX_SEGMENTS = 256;

    GatewayPath {
        segments = List.copyOf(segments);
    }

    /**
     * Parses a raw request path.
     *
     * @throws GatewayRequestException 404 when the path is not under {@code /ipfs/}; 400 naming the problem when
     *                                 the CID or a segment is malformed
     */
    static GatewayPath parse(String rawPath) throws GatewayRequestException {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            throw new GatewayRequestException(HttpStatus.NOT_FOUND, "only /ipfs/{cid}[/path] is served here");
        }
        String rest = rawPath.substring(PREFIX.length());
        if (rest.isEmpty()) {
            throw GatewayRequestException.badRequest("missing CID after /ipfs/");
        }
        String[] parts = rest.split("/", -1);
        if (parts.length > MAX_SEGMENTS + 2) {
            throw GatewayRequestException.badRequest("path of " + (parts.length - 1) + " segments is over the limit of "
                    + MAX_SEGMENTS);
        }
        Cid root = parseCid(decodeSegment(parts[0]));
        boolean trailingSlash = parts.length > 1 && parts[parts.length - 1].isEmpty();
        int end = trailingSlash ? parts.length - 1 : parts.length;
        List<String> segments = new ArrayList<>(end - 1);
        for (int i = 1; i < end; i++) {
            if (parts[i].isEmpty()) {
                throw GatewayRequestException.badRequest("empty path segment (\"//\") in " + Excerpt.of(rawPath));
            }
            String segment = decodeSegment(parts[i]);
            if (segment.equals(".") || segment.equals("..")) {
                throw GatewayRequestException.badRequest("dot segment \"" + segment + "\" in path");
            }
            segments.add(segment);
        }
        return new GatewayPath(root, segments, trailingSlash);
    }

    private static Cid parseCid(String text) throws GatewayRequestException {
        try {
            return CidText.parse(text);
        } catch (CidParseException e) {
            throw GatewayRequestException.badRequest("malformed CID \"" + Excerpt.of(text) + "\": " + e.getMessage());
        }
    }

    /** Percent-decodes one segment strictly: bad escapes, encoded slashes, NUL and invalid UTF-8 are refused. */
    private static String decodeSegment(String raw) throws GatewayRequestException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw GatewayRequestException.badRequest("truncated percent escape in path segment");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw GatewayRequestException.badRequest("invalid percent escape in path segment");
                }
                int b = hi * 16 + lo;
                if (b == '/') {
                    throw GatewayRequestException.badRequest("encoded slash (%2F) in path segment");
                }
                bytes.write(b);
                i += 2;
            } else if (c > 0x7e || c < 0x20) {
                throw GatewayRequestException.badRequest("unencoded control or non-ASCII character in path");
            } else {
                bytes.write(c);
            }
        }
        String decoded = utf8(bytes.toByteArray());
        if (decoded.indexOf('\0') >= 0) {
            throw GatewayRequestException.badRequest("NUL byte in path segment");
        }
        return decoded;
    }

    private static String utf8(byte[] bytes) throws GatewayRequestException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw GatewayRequestException.badRequest("path segment is not valid UTF-8");
        }
    }

    /** The canonical, percent-encoded content path, e.g. {@code /ipfs/bafy.../a%20b/c}, without trailing slash. */
    String contentPath() {
        StringBuilder sb = new StringBuilder(PREFIX).append(CidText.format(root));
        for (String s : segments) {
            sb.append('/').append(encodeSegment(s));
        }
        return sb.toString();
    }

    /** The last segment's name, or null when the path is the root CID. */
    String lastName() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }

    static String encodeSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
