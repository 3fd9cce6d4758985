package io.pincluster.ipld.car;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.ipld.car.CarFormatException.Problem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CAR v1 header, {@code {"roots": [CID, ...], "version": 1}} in dag-cbor, and only that: a strict reader of
 * the few CBOR forms it uses (map, text, array, unsigned int, tag 42 over a byte string holding 0x00 and a binary
 * CID). Like dag-cbor it insists on minimal lengths, definite lengths, sorted keys and no duplicates, so two
 * encodings of the same header cannot both be accepted.
 */
public final class CarHeaderCodec {
    private static final int MAJOR_UINT = 0;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    private static final int TAG_CID = 42;
    private static final String ROOTS = "roots";
    private static final String VERSION = "version";

    private CarHeaderCodec() {
    }

    /** Encodes a version 1 header naming {@code roots}. */
    public static byte[] encode(List<Cid> roots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeHead(out, MAJOR_MAP, 2);
        writeText(out, ROOTS);
        writeHead(out, MAJOR_ARRAY, roots.size());
        for (Cid root : roots) {
            writeHead(out, MAJOR_TAG, TAG_CID);
            byte[] cid = root.bytes();
            writeHead(out, MAJOR_BYTES, cid.length + 1);
            out.write(0);
            out.write(cid, 0, cid.length);
        }
        writeText(out, VERSION);
        writeHead(out, MAJOR_UINT, 1);
        return out.toByteArray();
    }

    /**
     * Decodes a header and returns its roots.
     *
     * @throws CarFormatException {@code UNSUPPORTED_VERSION} for a version other than 1, {@code BAD_HEADER} for
     *                            anything else that is not a well-formed v1 header with at least one root
     */
    public static List<Cid> decode(byte[] header) throws CarFormatException {
        Cursor c = new Cursor(header);
        long entries = c.expect(MAJOR_MAP, "the header");
        List<Cid> roots = null;
        Long version = null;
        String previousKey = null;
        for (long i = 0; i < entries; i++) {
            String key = c.text();
            if (previousKey != null && !inDagCborOrder(previousKey, key)) {
                throw bad("header keys are duplicated or not in dag-cbor order: '" + previousKey + "', '" + key + "'");
            }
            previousKey = key;
            switch (key) {
                case ROOTS -> roots = readRoots(c);
                case VERSION -> version = c.expect(MAJOR_UINT, "the version");
                default -> throw bad("unknown header key '" + key + "'");
            }
        }
        if (!c.atEnd()) {
            throw bad("header has " + (header.length - c.pos) + " trailing bytes");
        }
        if (version == null) {
            throw bad("header has no version");
        }
        if (version != 1) {
            throw new CarFormatException(Problem.UNSUPPORTED_VERSION, "CAR version " + version
                    + " is not supported; only version 1 is");
        }
        if (roots == null || roots.isEmpty()) {
            throw bad("header names no roots");
        }
        return roots;
    }

    private static List<Cid> readRoots(Cursor c) throws CarFormatException {
        long n = c.expect(MAJOR_ARRAY, "roots");
        List<Cid> roots = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            if (c.expect(MAJOR_TAG, "a root") != TAG_CID) {
                throw bad("root " + i + " is not tagged 42 (CID)");
            }
            byte[] raw = c.bytes();
            if (raw.length < 2 || raw[0] != 0) {
                throw bad("root " + i + " does not start with the 0x00 multibase prefix");
            }
            try {
                roots.add(Cid.decode(Arrays.copyOfRange(raw, 1, raw.length)));
            } catch (CidParseException e) {
                throw bad("root " + i + " is not a CID: " + e.getMessage());
            }
        }
        return roots;
    }

    /** dag-cbor sorts map keys by encoded length, then bytewise. */
    private static boolean inDagCborOrder(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return x.length != y.length ? x.length < y.length : Arrays.compareUnsigned(x, y) < 0;
    }

    private static CarFormatException bad(String message) {
        return new CarFormatException(Problem.BAD_HEADER, "bad CAR header: " + message);
    }

    private static void writeText(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeHead(out, MAJOR_TEXT, b.length);
        out.write(b, 0, b.length);
    }

    private static void writeHead(ByteArrayOutputStream out, int major, long value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | (int) value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(m | 25);
            out.write((int) (value >>> 8));
            out.write((int) value);
        } else {
            out.write(m | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (value >>> shift));
            }
        }
    }

    /** Reads CBOR heads and payloads, rejecting every form dag-cbor forbids. */
    private static final class Cursor {
        private final byte[] in;
        private int pos;

        Cursor(byte[] in) {
            this.in = in;
        }

        boolean atEnd() {
            return pos == in.length;
        }

        long expect(int major, String what) throws CarFormatException {
            int initial = next();
            if (initial >>> 5 != major) {
                throw bad(what + " has CBOR major type " + (initial >>> 5) + ", expected " + major);
            }
            return argument(initial & 0x1F);
        }

        private long argument(int info) throws CarFormatException {
            if (info < 24) {
                return info;
            }
            int size = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw bad("indefinite or reserved CBOR length (additional info " + info + ")");
            };
            long value = 0;
            for (int i = 0; i < size; i++) {
                value = (value << 8) | next();
            }
            long minimum = size == 1 ? 24 : 1L << (4 * size);
            if (value < minimum || value < 0) {
                throw bad("CBOR integer " + Long.toUnsignedString(value) + " is not minimally encoded");
            }
            return value;
        }

        String text() throws CarFormatException {
            return new String(payload(expect(MAJOR_TEXT, "a map key")), StandardCharsets.UTF_8);
        }

        byte[] bytes() throws CarFormatException {
            return payload(expect(MAJOR_BYTES, "a CID"));
        }

        private byte[] payload(long length) throws CarFormatException {
            if (length > in.length - pos) {
                throw bad("CBOR string of " + length + " bytes runs past the header");
            }
            byte[] out = Arrays.copyOfRange(in, pos, pos + (int) length);
            pos += (int) length;
            return out;
        }

        private int next() throws CarFormatException {
            if (pos >= in.length) {
                throw bad("header ends in the middle of a CBOR item");
            }
            return in[pos++] & 0xFF;
        }
    }
}
