package io.pincluster.cold.piece;

/**
 * The sizes a payload of {@code payloadSize} bytes takes as a piece. The payload is zero-padded to
 * {@code paddedPayloadSize} = 127·2^k bytes (the smallest such size that holds it, at least 127), which Fr32-expands
 * to {@code pieceSize} = 128·2^k bytes: a binary tree of 32-byte leaves of {@code height} = k + 2.
 *
 * @param payloadSize       the payload's length, n
 * @param paddedPayloadSize n plus the zero padding, U (Lotus' {@code ClientCalcCommP} reports this one)
 * @param pieceSize         the padded piece size, P (what Filecoin deals and go-fil-commp-hashhash name the size)
 * @param height            log2 of the number of leaves
 */
public record PieceSize(long payloadSize, long paddedPayloadSize, long pieceSize, int height) {
    /** Filecoin's proofs stop at trees of height 31: 2^31 leaves of 32 bytes. */
    public static final int MAX_HEIGHT = 31;
    /** The smallest tree: one Fr32 expansion, four leaves. */
    public static final int MIN_HEIGHT = 2;
    /** 64 GiB, the largest padded piece. */
    public static final long MAX_PIECE_SIZE = 32L << MAX_HEIGHT;
    /** The largest payload: 64 GiB·127/128. Bigger pins must be split across archives. */
    public static final long MAX_PAYLOAD_SIZE = MAX_PIECE_SIZE / Fr32.OUT * Fr32.IN;
    /**
     * The smallest payload a v1 piece CID is given for. 64 bytes would fit in two leaves, but the smallest piece has
     * four; go-fil-commp-hashhash ({@code MinPiecePayload}) and @web3-storage/data-segment ({@code MIN_PAYLOAD_SIZE})
     * both refuse less, and a v1 CID carries no size that could tell such a payload from its zero padding.
     */
    public static final long MIN_V1_PAYLOAD_SIZE = 65;

    public PieceSize {
        if (height < MIN_HEIGHT || height > MAX_HEIGHT) {
            throw new PieceSizeException("piece tree height must be " + MIN_HEIGHT + " to " + MAX_HEIGHT + ": "
                    + height);
        }
        if (pieceSize != 32L << height || paddedPayloadSize != pieceSize / Fr32.OUT * Fr32.IN) {
            throw new IllegalArgumentException("inconsistent piece sizes: padded payload " + paddedPayloadSize
                    + ", piece " + pieceSize + ", height " + height);
        }
        if (payloadSize < 0 || payloadSize > paddedPayloadSize) {
            throw new PieceSizeException("payload of " + payloadSize + " bytes does not fit a piece of height "
                    + height + " (at most " + paddedPayloadSize + " bytes)");
        }
        if (height > MIN_HEIGHT && payloadSize <= paddedPayloadSize / 2) {
            throw new PieceSizeException("payload of " + payloadSize + " bytes belongs in a smaller piece than one of "
                    + "height " + height + ": the padding must be under half the padded payload");
        }
    }

    /** The sizes of an {@code n}-byte payload. */
    public static PieceSize ofPayload(long n) {
        if (n < 0) {
            throw new PieceSizeException("payload size must not be negative: " + n);
        }
        if (n > MAX_PAYLOAD_SIZE) {
            throw new PieceSizeException("payload of " + n + " bytes is over the maximum of " + MAX_PAYLOAD_SIZE
                    + " bytes (a 64 GiB piece); split it across archives");
        }
        long blocks = Math.max(1, (n + Fr32.IN - 1) / Fr32.IN);
        int k = 64 - Long.numberOfLeadingZeros(blocks - 1); // ceil(log2(blocks)), 0 for one block
        return ofHeight(k + MIN_HEIGHT, n);
    }

    /** The sizes of a piece of {@code height} holding {@code payloadSize} bytes (as a v2 piece CID states them). */
    public static PieceSize ofHeight(int height, long payloadSize) {
        return new PieceSize(payloadSize, paddedPayloadSize(height), 32L << height, height);
    }

    /** U of a tree of {@code height}: the payload that fills it with no padding. */
    public static long paddedPayloadSize(int height) {
        if (height < MIN_HEIGHT || height > MAX_HEIGHT) {
            throw new PieceSizeException("piece tree height must be " + MIN_HEIGHT + " to " + MAX_HEIGHT + ": "
                    + height);
        }
        return (32L << height) / Fr32.OUT * Fr32.IN;
    }

    /** The zero bytes appended to the payload: U − n, as a v2 piece CID records it. */
    public long padding() {
        return paddedPayloadSize - payloadSize;
    }
}
