package io.pincluster.testkit.hostile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hostile strings shared by the corpora: things that look like a CID or peer ID and are not, named. Each value is
 * the text as the server sees it after percent-decoding; {@link #encoded} makes it a path segment or query value.
 */
public final class HostileInputs {
    /** A "CID" of a megabyte: over every request-line limit, so only bodies can carry it. */
    public static final String MEGABYTE_CID = "z" + "2".repeat(1024 * 1024);

    private HostileInputs() {
    }

    /** CID-like strings that fit a request line (at most a few KB). */
    public static Map<String, String> cids() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("base58 CID of 3000 characters", "z" + "2".repeat(3000));
        m.put("base32 CID of 3000 characters", "b" + "a".repeat(3000));
        m.put("base36 CID of 3000 characters", "k" + "1".repeat(3000));
        m.put("CIDv0 prefix of 600 characters", "Qm" + "1".repeat(598));
        m.put("hex multibase (unsupported)", "f01551220" + "ab".repeat(32));
        m.put("base64 multibase (unsupported)", "mAVUSIKqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq");
        m.put("truncated varint (base32 of 0x81)", "baa");
        m.put("version varint of 10 bytes", "b" + "7777777777777777777");
        m.put("unicode look-alikes", "bafybеigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
        m.put("NUL inside", "bafy\u0000beigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
        m.put("emoji", "bafy\uD83D\uDE00");
        m.put("garbage between spaces", "  x  ");
        m.put("valid prefix then garbage", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy!!");
        return m;
    }

    /** Peer-ID-like strings. */
    public static Map<String, String> peerIds() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("peer ID of 3000 characters", "12D3KooW" + "A".repeat(2992));
        m.put("peer ID with NUL", "12D3KooW\u0000");
        m.put("peer ID in base32", "bafzaajaiaejcb");
        m.put("peer ID with non-base58 characters", "12D3KooW0OIl");
        return m;
    }

    /** {@code s} percent-encoded as a path segment or query value (every byte outside unreserved ASCII escaped). */
    public static String encoded(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
