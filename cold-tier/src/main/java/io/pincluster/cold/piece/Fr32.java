package io.pincluster.cold.piece;

/**
 * Fr32 padding: 127 bytes (1016 bits, read LSB-first) become four 32-byte chunks of 254 bits each, whose top two bits
 * are zero, so every chunk is a valid BLS12-381 field element (a little-endian integer below 2^254). Filecoin's
 * proofs work over that field, which is why a piece's leaves are these chunks and not the raw bytes.
 */
final class Fr32 {
    /** Bytes of payload one expansion consumes. */
    static final int IN = 127;
    /** Bytes one expansion produces: four leaves of 32. */
    static final int OUT = 128;

    private Fr32() {
    }

    /**
     * Expands {@code in[inOff..inOff+127)} into {@code out[outOff..outOff+128)}. Each 32-byte output chunk takes
     * the next 254 input bits: chunk 1 starts 6 bits into input byte 31, chunk 2 4 bits into byte 63, chunk 3 2 bits
     * into byte 95, hence the shift pairs 6/2, 4/4, 2/6 below.
     */
    static void expand(byte[] in, int inOff, byte[] out, int outOff) {
        System.arraycopy(in, inOff, out, outOff, 31);
        out[outOff + 31] = (byte) (in[inOff + 31] & 0x3F);
        for (int j = 0; j < 32; j++) {
            out[outOff + 32 + j] = (byte) (((in[inOff + 31 + j] & 0xFF) >>> 6) | ((in[inOff + 32 + j] & 0xFF) << 2));
        }
        out[outOff + 63] &= 0x3F;
        for (int j = 0; j < 32; j++) {
            out[outOff + 64 + j] = (byte) (((in[inOff + 63 + j] & 0xFF) >>> 4) | ((in[inOff + 64 + j] & 0xFF) << 4));
        }
        out[outOff + 95] &= 0x3F;
        for (int j = 0; j < 31; j++) {
            out[outOff + 96 + j] = (byte) (((in[inOff + 95 + j] & 0xFF) >>> 2) | ((in[inOff + 96 + j] & 0xFF) << 6));
        }
        out[outOff + 127] = (byte) ((in[inOff + 126] & 0xFF) >>> 2);
    }
}
