package io.pincluster.cold.s3;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Passes an archive on to its spool file while computing what the upload needs: MD5 of every part of the store's
 * part size, and SHA-256 of every part but the first (for a single-part archive, part 1 is the whole object, whose
 * SHA-256 the caller has). With these handed to
 * {@link ArchiveObjectStore#put(String, java.nio.file.Path, UploadDigests, UploadProgress)}, the spooled file is
 * read once, by the upload itself, instead of once more for its digests (docs/decisions/0018, lever 2).
 *
 * <p>Get one from {@link ArchiveObjectStore#digesting(OutputStream)}, so the parts are cut where the store's
 * {@link PartPlan} cuts them. Not thread-safe, like any stream.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final long partSize;
    private final List<SliceDigest> parts = new ArrayList<>();
    private final MessageDigest md5 = SliceDigest.newDigest("MD5");
    private final MessageDigest sha256 = SliceDigest.newDigest("SHA-256");
    private long inPart;
    private long count;
    private boolean finished;

    DigestingOutputStream(OutputStream out, long partSize) {
        super(out);
        if (partSize < 1) {
            throw new IllegalArgumentException("part size " + partSize);
        }
        this.partSize = partSize;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IllegalStateException("the digests were already taken; nothing more may be written");
        }
        out.write(b, off, len);
        int p = off;
        int left = len;
        while (left > 0) {
            int n = (int) Math.min(left, partSize - inPart);
            md5.update(b, p, n);
            if (!parts.isEmpty()) {
                sha256.update(b, p, n); // part 1's is the writer's whole SHA-256 when it is the only part
            }
            inPart += n;
            p += n;
            left -= n;
            if (inPart == partSize) {
                endPart();
            }
        }
        count += len;
    }

    /** Bytes written so far. */
    public long count() {
        return count;
    }

    /**
     * The digests of everything written, with {@code sha256} (lowercase hex) as the whole object's SHA-256, which
     * the caller computed on the same bytes (the CAR writer does, in its one pass). Call once, after the last write.
     *
     */
    public UploadDigests digests(String sha256) {
        if (!finished) {
            if (inPart > 0 || count == 0) {
                endPart(); // the short last part; an empty object is one empty part, as PartPlan has it
            }
            finished = true;
        }
        return new UploadDigests(count, sha256, partSize, parts);
    }

    private void endPart() {
        // part 1's SHA-256 is not computed here: for a one-part archive (most) it is the writer's, and a multipart
        // upload reads part 1 back for it (UploadDigests.partsFor); it would cost a second SHA-256 of every byte
        String partSha256 = parts.isEmpty() ? null : HexFormat.of().formatHex(sha256.digest());
        parts.add(new SliceDigest(HexFormat.of().formatHex(md5.digest()), partSha256, inPart));
        inPart = 0;
    }
}
