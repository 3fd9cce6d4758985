package io.pincluster.cold.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * MD5 and SHA-256 of a stretch of a local file, read in one pass.
 *
 * <p>Both, because they answer different questions: the MD5 goes out as {@code Content-MD5}, so the store rejects
 * a body damaged on the way, and is what a plain part ETag should equal; the SHA-256 is our own record of the bytes,
 * which no store's ETag is.
 *
 * @param md5    lowercase hex MD5
 * @param sha256 lowercase hex SHA-256
 * @param length bytes hashed
 */
record SliceDigest(String md5, String sha256, long length) {
    private static final int BUFFER = 256 * 1024;

    static SliceDigest of(Path file, long offset, long length) throws IOException {
        MessageDigest md5 = newDigest("MD5");
        MessageDigest sha256 = newDigest("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = offset;
            long end = offset + length;
            while (position < end) {
                buffer.clear().limit((int) Math.min(BUFFER, end - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException(file + " ended at byte " + position + " while hashing bytes " + offset
                            + " to " + (end - 1) + ": was it changed after spooling?");
                }
                md5.update(buffer.array(), 0, n);
                sha256.update(buffer.array(), 0, n);
                position += n;
            }
        }
        return new SliceDigest(HexFormat.of().formatHex(md5.digest()), HexFormat.of().formatHex(sha256.digest()),
                length);
    }

    /** The MD5 in the form of a {@code Content-MD5} header (base64 of the 16 bytes). */
    String md5Base64() {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5));
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
