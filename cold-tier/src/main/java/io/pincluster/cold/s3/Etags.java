package io.pincluster.cold.s3;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What an S3 ETag can and cannot tell. It is a receipt, not a content hash: for a plain PutObject or UploadPart
 * without SSE-KMS it is the hex MD5 of the body; for a completed multipart upload it is the MD5 of the parts' binary
 * MD5s followed by {@code -<part count>}; with SSE-KMS or on some stores it is neither. So an ETag is only compared
 * when it has the shape the rule predicts, and our SHA-256 stays the identity of an archive.
 */
final class Etags {
    private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern MULTIPART = Pattern.compile("[0-9a-f]{32}-[0-9]+");

    private Etags() {
    }

    /**
     * Whether the store's ETags for a write answered with these encryption headers are MD5s of the body: not with
     * SSE-KMS (single or dual layer) or SSE-C, whose ETags merely look like one.
     */
    static boolean areMd5s(ServerSideEncryption encryption, String customerAlgorithm) {
        return encryption != ServerSideEncryption.AWS_KMS && encryption != ServerSideEncryption.AWS_KMS_DSSE
                && customerAlgorithm == null;
    }

    /** Without the quotes S3 puts around it, lower case; null stays null. */
    static String normalize(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.strip();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code etag} looks like a plain MD5, the kind a part or a single PutObject gets. */
    static boolean isPlainMd5(String etag) {
        return etag != null && PLAIN_MD5.matcher(etag).matches();
    }

    /** Whether {@code etag} looks like {@code md5-N}, the kind a completed multipart upload gets. */
    static boolean isMultipart(String etag) {
        return etag != null && MULTIPART.matcher(etag).matches();
    }

    /** The multipart ETag S3 computes from these part MD5s (hex, in part order). */
    static String multipart(List<String> partMd5s) {
        MessageDigest md5 = SliceDigest.newDigest("MD5");
        for (String part : partMd5s) {
            md5.update(HexFormat.of().parseHex(part));
        }
        return HexFormat.of().formatHex(md5.digest()) + "-" + partMd5s.size();
    }

    /**
     * Whether the store's {@code actual} ETag contradicts the {@code expected} one. Only ETags of the same shape
     * are compared; one of another shape (SSE-KMS, a store with its own rule) proves nothing either way.
     */
    static boolean contradicts(String expected, String actual) {
        boolean sameShape = isPlainMd5(expected) && isPlainMd5(actual)
                || isMultipart(expected) && isMultipart(actual);
        return sameShape && !expected.equals(actual);
    }
}
