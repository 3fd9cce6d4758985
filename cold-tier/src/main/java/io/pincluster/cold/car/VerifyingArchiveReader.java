package io.pincluster.cold.car;

import io.pincluster.core.cid.Multihash;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;

/**
 * Reads a whole archive back against its manifest, for a restore: the header must name the manifest's roots, each
 * section must be the one the index expects at that offset (same CID, same length) and hash to its CID, and after
 * the last one the stream must end at the manifest's size with its SHA-256. A block is handed out only once it has
 * passed its own checks, so a changed, truncated or substituted object fails with a
 * {@link io.pincluster.ipld.car.CarFormatException} or an {@link ArchiveMismatchException} and never yields a
 * block the archive did not hold; {@link #next()} returns null only when the whole object checked out.
 *
 * <p>The piece commitment is not recomputed: it is a function of the bytes, which the SHA-256 already pins down.
 */
public final class VerifyingArchiveReader {
    private final CarStreamReader car;
    private final DigestInputStream hashed;
    private final ArchiveManifest expected;
    private int nextEntry;
    private boolean verified;

    private VerifyingArchiveReader(CarStreamReader car, DigestInputStream hashed, ArchiveManifest expected) {
        this.car = car;
        this.hashed = hashed;
        this.expected = expected;
    }

    /** Reads the header of the archive in {@code in} (not closed) and checks its roots. */
    public static VerifyingArchiveReader open(InputStream in, ArchiveManifest expected, CarLimits limits)
            throws IOException {
        MessageDigest sha256 = Multihash.newSha256();
        DigestInputStream hashed = new DigestInputStream(in, sha256);
        CarStreamReader car = CarStreamReader.open(hashed, limits);
        if (!car.roots().equals(expected.roots())) {
            throw new ArchiveMismatchException("the archive names roots " + car.roots() + ", its manifest "
                    + expected.roots());
        }
        return new VerifyingArchiveReader(car, hashed, expected);
    }

    /** The next block, checked; null once every block was read and the whole archive matched its manifest. */
    public ArchivedBlock next() throws IOException {
        if (verified) {
            return null;
        }
        List<BlockLocation> entries = expected.index().entries();
        if (nextEntry == entries.size()) {
            verifyEnd();
            verified = true;
            return null;
        }
        BlockLocation want = entries.get(nextEntry);
        ArchivedBlock block = car.next();
        if (block == null) {
            throw new ArchiveMismatchException("the archive ends at offset " + car.position() + " after " + nextEntry
                    + " of " + entries.size() + " blocks: it was truncated (its manifest says " + expected.carSize()
                    + " bytes)");
        }
        if (!block.location().equals(want)) {
            throw new ArchiveMismatchException("the archive holds " + block.location() + " where its manifest has "
                    + want);
        }
        nextEntry++;
        return block;
    }

    private void verifyEnd() throws IOException {
        if (car.position() != expected.carSize() || hashed.read() >= 0) {
            throw new ArchiveMismatchException("the archive goes on past its last block at offset " + car.position()
                    + " (its manifest says " + expected.carSize() + " bytes)");
        }
        Multihash actual = Multihash.ofDigest(Multihash.SHA2_256, hashed.getMessageDigest().digest());
        if (!actual.equals(expected.carSha256())) {
            throw new ArchiveMismatchException("the archive's SHA-256 is " + actual + ", its manifest's "
                    + expected.carSha256());
        }
    }
}
