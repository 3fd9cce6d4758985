package io.pincluster.it.cluster;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.nio.charset.StandardCharsets;

/**
 * Distinct synthetic CIDs for the consensus tests: raw CIDv1s with an identity multihash of a label. Their bytes
 * are inline, so every peer's tracker pins them at once; these tests are about the pinset log, and content that
 * no peer holds would only keep every tracker busy looking for it.
 */
final class Cids {
    private Cids() {
    }

    static String of(String label) {
        return Cid.v1(Codec.RAW, Multihash.identity(label.getBytes(StandardCharsets.UTF_8))).toString();
    }
}
