package io.pincluster.consensus.ratis;

import java.security.MessageDigest;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.util.MD5FileUtil;

/**
 * The one place that touches Ratis' MD5 types. Ratis 3.2.2 made {@code MD5Hash} value-based
 * ({@code MD5Hash.newInstance(byte[])}, {@code MD5FileUtil.newMD5()}); 3.2.0 had a public constructor
 * and {@code MD5Hash.getDigester()} instead (RATIS-2361). We build against 3.3.0 (same API as 3.2.2).
 */
final class SnapshotDigests {
    private SnapshotDigests() {
    }

    static MessageDigest newDigester() {
        return MD5FileUtil.newMD5();
    }

    static MD5Hash of(MessageDigest digester) {
        return of(digester.digest());
    }

    static MD5Hash of(byte[] digest) {
        return MD5Hash.newInstance(digest);
    }
}
