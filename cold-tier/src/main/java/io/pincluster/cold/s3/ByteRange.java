package io.pincluster.cold.s3;

/**
 * Bytes {@code first} to {@code last} of an object, both inclusive, as in an HTTP {@code Range: bytes=first-last}
 * header. S3 serves one range per request, so a restore that needs several blocks merges neighbours into one range
 * and asks again for the rest.
 */
public record ByteRange(long first, long last) {
    public ByteRange {
        if (first < 0) {
            throw new IllegalArgumentException("a byte range must start at 0 or later: " + first);
        }
        if (last < first) {
            throw new IllegalArgumentException("a byte range must end at or after its start: " + first + "-" + last);
        }
    }

    /** {@code length} bytes from {@code offset}. */
    public static ByteRange ofLength(long offset, long length) {
        if (length < 1) {
            throw new IllegalArgumentException("a byte range must hold at least one byte: length " + length);
        }
        return new ByteRange(offset, offset + length - 1);
    }

    public long length() {
        return last - first + 1;
    }

    /** The HTTP header value, {@code bytes=first-last}. */
    public String header() {
        return "bytes=" + first + "-" + last;
    }

    @Override
    public String toString() {
        return header();
    }
}
