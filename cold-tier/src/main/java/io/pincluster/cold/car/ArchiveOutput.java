package io.pincluster.cold.car;

import io.pincluster.cold.piece.PieceHasher;
import io.pincluster.cold.piece.PieceInfo;
import io.pincluster.core.cid.Multihash;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * The archive's bytes on their single way out: counted, hashed with SHA-256 and the piece hasher, then passed on.
 * One pass gives the object, its hash and its piece CID, so the archive never has to be read back to describe it.
 * The piece hasher sees each byte before the destination does, so a payload over the piece maximum stops before
 * it is written.
 */
final class ArchiveOutput extends OutputStream {
    private final OutputStream out;
    private final MessageDigest sha256 = Multihash.newSha256();
    private final PieceHasher piece = new PieceHasher();
    private long count;

    ArchiveOutput(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        piece.update(b, off, len);
        sha256.update(b, off, len);
        out.write(b, off, len);
        count += len;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Leaves the destination open: it belongs to the caller. */
    @Override
    public void close() throws IOException {
        flush();
    }

    long count() {
        return count;
    }

    /** The SHA-256 of everything written; call once, at the end. */
    Multihash sha256() {
        return Multihash.ofDigest(Multihash.SHA2_256, sha256.digest());
    }

    /** The piece of everything written; call once, at the end. */
    PieceInfo piece() {
        return piece.finish();
    }
}
