package io.pincluster.ipld.importer;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.security.MessageDigest;

/** Makes CIDs for new blocks with one reused SHA-256 digest; one instance per thread. */
final class BlockHasher {
    private final MessageDigest sha256 = Multihash.newSha256();
    private final int cidVersion;

    BlockHasher(int cidVersion) {
        this.cidVersion = cidVersion;
    }

    Cid dagPb(byte[] block) {
        Multihash mh = hash(block);
        return cidVersion == 0 ? Cid.v0(mh) : Cid.v1(Codec.DAG_PB, mh);
    }

    /** Raw blocks exist only as CIDv1, whatever the CID version asked for the rest of the DAG. */
    Cid raw(byte[] block) {
        return Cid.v1(Codec.RAW, hash(block));
    }

    private Multihash hash(byte[] block) {
        sha256.update(block);
        return Multihash.ofDigest(Multihash.SHA2_256, sha256.digest());
    }
}
