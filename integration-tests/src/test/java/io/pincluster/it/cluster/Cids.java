package io.pincluster.it.cluster;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.nio.charset.StandardCharsets;

/** Distinct synthetic CIDs for pin tests: raw CIDv1 of the SHA-256 of a label. */
final class Cids {
    private Cids() {
    }

    static String of(String label) {
        return Cid.v1(Codec.RAW, Multihash.sha256(label.getBytes(StandardCharsets.UTF_8))).toString();
    }
}
