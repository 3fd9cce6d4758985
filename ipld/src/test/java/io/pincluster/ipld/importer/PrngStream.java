package io.pincluster.ipld.importer;

import java.io.InputStream;

/**
 * The vectors' deterministic input, generated on the fly: xorshift32 (13/17/5) from seed 0x2545F491,
 * each state emitted as 4 little-endian bytes, cut at {@code length}. Also an all-zero stream.
 */
public final class PrngStream extends InputStream {
    private final long length;
    private final boolean zeros;
    private long pos;
    private int x = 0x2545F491;
    private int word;

    private PrngStream(long length, boolean zeros) {
        this.length = length;
        this.zeros = zeros;
    }

    public static PrngStream prng(long length) {
        return new PrngStream(length, false);
    }

    static PrngStream zeros(long length) {
        return new PrngStream(length, true);
    }

    private byte next() {
        int k = (int) (pos & 3);
        if (k == 0) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            word = x;
        }
        pos++;
        return zeros ? 0 : (byte) (word >>> (8 * k));
    }

    @Override
    public int read() {
        return pos >= length ? -1 : next() & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - pos);
        if (zeros) {
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            pos += n;
            return n;
        }
        for (int i = 0; i < n; i++) {
            b[off + i] = next();
        }
        return n;
    }
}
