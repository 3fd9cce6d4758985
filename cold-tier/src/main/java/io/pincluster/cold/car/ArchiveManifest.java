package io.pincluster.cold.car;

import io.pincluster.cold.piece.PieceInfo;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.cid.Varint;
import io.pincluster.ipld.car.CarHeaderCodec;
import java.util.List;

/**
 * What an archive is: the roots its header names, its length and SHA-256, its piece (CommP over exactly these
 * bytes) and where each block sits. Written by {@link CarArchiveWriter}, kept in the replicated state and as a
 * sidecar object ({@link ArchiveManifestCodec}), and checked against the object on every read
 * ({@link VerifyingArchiveReader}, {@link ArchiveRangeReader}). The fields must agree with each other (the index
 * starts after the header and ends at {@code carSize}, the piece is over {@code carSize} bytes), so a manifest that
 * decodes is self-consistent.
 */
public record ArchiveManifest(List<Cid> roots, long carSize, Multihash carSha256, PieceInfo piece,
                              ArchiveIndex index) {
    public ArchiveManifest {
        roots = List.copyOf(roots);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("an archive names at least one root");
        }
        if (carSha256.code() != Multihash.SHA2_256) {
            throw new IllegalArgumentException("the archive hash is a sha2-256 multihash, not 0x"
                    + Integer.toHexString(carSha256.code()));
        }
        if (piece.payloadSize() != carSize) {
            throw new IllegalArgumentException("the piece is over " + piece.payloadSize() + " bytes, the archive has "
                    + carSize);
        }
        if (index.end() != carSize) {
            throw new IllegalArgumentException("the index ends at " + index.end() + ", the archive at " + carSize);
        }
        if (index.start() != headerLength(roots)) {
            throw new IllegalArgumentException("the index starts at " + index.start() + ", after a header of "
                    + headerLength(roots) + " bytes");
        }
    }

    /** The length of the header naming {@code roots}, varint included: where the first section starts. */
    static long headerLength(List<Cid> roots) {
        int header = CarHeaderCodec.encode(roots).length;
        return Varint.size(header) + header;
    }
}
