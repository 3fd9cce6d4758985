package io.pincluster.gateway.http;

/**
 * One satisfiable byte range of a file, both ends inclusive as in {@code Content-Range}.
 *
 * <p>Parsing follows RFC 9110 section 14 for a single range, with two deliberate choices: a multi-range request
 * is answered with its first range only (a plain 206, never multipart/byteranges, which no IPFS client needs),
 * and a header that does not parse at all is answered 416 rather than ignored, so a client never mistakes a
 * full body for the part it asked for.
 */
record ByteRange(long first, long last) {

    /** Thrown for a Range header that cannot be satisfied; the response is 416 with {@code bytes *}/size. */
    static final class UnsatisfiableException extends Exception {
        UnsatisfiableException(String message) {
            super(message, null, false, false);
        }
    }

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * Parses a Range header against a file of {@code size} bytes.
     *
     * @return the range to serve, or null when {@code header} is null (no Range header)
     * @throws UnsatisfiableException when the header is malformed or no byte of it lies in the file
     */
    static ByteRange parse(String header, long size) throws UnsatisfiableException {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            throw new UnsatisfiableException("only byte ranges are supported");
        }
        String spec = value.substring(6);
        int comma = spec.indexOf(',');
        if (comma >= 0) {
            spec = spec.substring(0, comma);
        }
        spec = spec.trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw new UnsatisfiableException("range has no '-'");
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        if (from.isEmpty()) {
            return suffix(number(to), size);
        }
        long first = number(from);
        long last = to.isEmpty() ? size - 1 : number(to);
        if (last < first) {
            throw new UnsatisfiableException("range ends before it starts");
        }
        if (first >= size) {
            throw new UnsatisfiableException("range starts at " + first + ", past the end of " + size + " bytes");
        }
        return new ByteRange(first, Math.min(last, size - 1));
    }

    private static ByteRange suffix(long n, long size) throws UnsatisfiableException {
        if (n == 0 || size == 0) {
            throw new UnsatisfiableException("empty suffix range");
        }
        return new ByteRange(Math.max(0, size - n), size - 1);
    }

    /** A non-negative decimal of at most 18 digits, so it always fits in a long. */
    private static long number(String digits) throws UnsatisfiableException {
        if (digits.isEmpty() || digits.length() > 18) {
            throw new UnsatisfiableException("range bound missing or too large");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new UnsatisfiableException("range bound is not a decimal number");
            }
        }
        return Long.parseLong(digits);
    }
}
