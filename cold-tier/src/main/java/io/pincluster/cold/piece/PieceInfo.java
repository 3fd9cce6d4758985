package io.pincluster.cold.piece;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A payload's piece commitment and sizes: everything Filecoin and FRC-0069 name a piece by. Store the v1 CID with
 * {@link #pieceSize()} (P) for deal making, or the v2 CID alone: it determines the payload size (n, here
 * {@link #payloadSize()}, for an archive the CAR's length).
 */
public final class PieceInfo {
    private final byte[] root;
    private final PieceSize size;

    private PieceInfo(byte[] root, PieceSize size) {
        this.root = root;
        this.size = size;
    }

    /** The piece of a {@code payloadSize}-byte payload whose tree has {@code root}. */
    public static PieceInfo of(byte[] root, long payloadSize) {
        if (root.length != NodeHash.NODE) {
            throw new IllegalArgumentException("a piece commitment is 32 bytes, not " + root.length);
        }
        if ((root[NodeHash.NODE - 1] & 0xC0) != 0) {
            throw new IllegalArgumentException("not a piece commitment: bits 254 and 255 must be clear");
        }
        return new PieceInfo(root.clone(), PieceSize.ofPayload(payloadSize));
    }

    /** The piece a v2 piece CID names (it holds root, height and padding, hence the payload size). */
    public static PieceInfo fromCidV2(PieceCid cid) {
        if (cid.version() != 2) {
            throw new IllegalArgumentException("a v1 piece CID does not determine the payload size; use of(root, n)");
        }
        long payload = PieceSize.paddedPayloadSize(cid.height()) - cid.padding();
        PieceSize size = PieceSize.ofHeight(cid.height(), payload);
        return new PieceInfo(cid.root(), size);
    }

    /** The 32-byte piece commitment, CommP. */
    public byte[] root() {
        return root.clone();
    }

    public long payloadSize() {
        return size.payloadSize();
    }

    /** The padded piece size P = 128·2^k, the size a storage deal names. */
    public long pieceSize() {
        return size.pieceSize();
    }

    public PieceSize size() {
        return size;
    }

    /**
     * The v1 piece CID ({@code baga6ea4seaq…}).
     *
     * @throws PieceSizeException the payload is under {@link PieceSize#MIN_V1_PAYLOAD_SIZE} bytes, for which no
     *                            implementation defines one (use {@link #cidV2()})
     */
    public PieceCid cidV1() {
        if (size.payloadSize() < PieceSize.MIN_V1_PAYLOAD_SIZE) {
            throw new PieceSizeException("a payload of " + size.payloadSize() + " bytes is under the "
                    + PieceSize.MIN_V1_PAYLOAD_SIZE + "-byte minimum for a v1 piece CID (Lotus, go-fil-commp-hashhash "
                    + "and data-segment refuse it); its v2 piece CID is " + cidV2());
        }
        return PieceCid.v1(root);
    }

    /** The FRC-0069 v2 piece CID ({@code bafkzcib…}), defined for every payload size up to the maximum. */
    public PieceCid cidV2() {
        return PieceCid.v2(root, size.padding(), size.height());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PieceInfo other && size.equals(other.size) && Arrays.equals(root, other.root);
    }

    @Override
    public int hashCode() {
        return 31 * size.hashCode() + Arrays.hashCode(root);
    }

    @Override
    public String toString() {
        return "PieceInfo{root=" + HexFormat.of().formatHex(root) + ", payload=" + size.payloadSize() + ", piece="
                + size.pieceSize() + "}";
    }
}
