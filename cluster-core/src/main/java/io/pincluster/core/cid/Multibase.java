package io.pincluster.core.cid;

import java.math.BigInteger;
import java.util.Arrays;

/** The multibase encodings CIDs are written in: base58btc ({@code z}), base32 lower ({@code b}), base36 ({@code k}). */
public enum Multibase {
    BASE58BTC('z', "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"),
    BASE32('b', "abcdefghijklmnopqrstuvwxyz234567"),
    BASE36('k', "0123456789abcdefghijklmnopqrstuvwxyz");

    /**
     * The longest base58/base36 text decoded: those are decoded as one big number, so the work grows with the
     * square of the length. Callers with their own (smaller) limits ({@link Cid#MAX_STRING_LENGTH}) check first;
     * this stops anyone else from handing in a megabyte.
     */
    public static final int MAX_BIG_RADIX_CHARS = 4096;

    private final char prefix;
    private final String alphabet;
    private final int[] index = new int[128];

    Multibase(char prefix, String alphabet) {
        this.prefix = prefix;
        this.alphabet = alphabet;
        Arrays.fill(index, -1);
        for (int i = 0; i < alphabet.length(); i++) {
            index[alphabet.charAt(i)] = i;
        }
    }

    public char prefix() {
        return prefix;
    }

    /** The multibase of a prefixed string; base32 and base36 are also read in upper case ({@code B}, {@code K}). */
    public static Multibase forPrefix(char c) {
        return switch (c) {
            case 'z' -> BASE58BTC;
            case 'b', 'B' -> BASE32;
            case 'k', 'K' -> BASE36;
            default -> throw new CidParseException("unsupported multibase prefix '" + c
                    + "' (supported: z base58btc, b base32, k base36)");
        };
    }

    /** Encodes with the multibase prefix. */
    public String encode(byte[] data) {
        return prefix + encodeRaw(data);
    }

    /** Decodes a string that starts with a multibase prefix. */
    public static byte[] decode(String s) {
        if (s.isEmpty()) {
            throw new CidParseException("empty multibase string");
        }
        char p = s.charAt(0);
        Multibase base = forPrefix(p);
        String body = s.substring(1);
        return base.decodeRaw(Character.isUpperCase(p) ? body.toLowerCase(java.util.Locale.ROOT) : body);
    }

    /** Encodes without a prefix (CIDv0 strings are bare base58btc). */
    public String encodeRaw(byte[] data) {
        return this == BASE32 ? encodeBase32(data) : encodeBigRadix(data);
    }

    public byte[] decodeRaw(String s) {
        return this == BASE32 ? decodeBase32(s) : decodeBigRadix(s);
    }

    private String encodeBase32(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    private byte[] decodeBase32(String s) {
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            buffer = (buffer << 5) | digit(s, i);
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new CidParseException("base32 string has non-zero padding bits");
        }
        return out;
    }

    /** base58 and base36: a big-endian number, with each leading zero byte written as the zero digit. */
    private String encodeBigRadix(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        int radix = alphabet.length();
        // Work on a copy: repeated division of the byte array by the radix.
        byte[] num = Arrays.copyOfRange(data, zeros, data.length);
        char[] out = new char[data.length * 2 + 1];
        int pos = out.length;
        int start = 0;
        while (start < num.length) {
            int rem = 0;
            for (int i = start; i < num.length; i++) {
                int acc = (rem << 8) | (num[i] & 0xFF);
                num[i] = (byte) (acc / radix);
                rem = acc % radix;
            }
            out[--pos] = alphabet.charAt(rem);
            while (start < num.length && num[start] == 0) {
                start++;
            }
        }
        for (int i = 0; i < zeros; i++) {
            out[--pos] = alphabet.charAt(0);
        }
        return new String(out, pos, out.length - pos);
    }

    private byte[] decodeBigRadix(String s) {
        if (s.length() > MAX_BIG_RADIX_CHARS) {
            throw new CidParseException(name().toLowerCase(java.util.Locale.ROOT) + " text of " + s.length()
                    + " characters is over the limit of " + MAX_BIG_RADIX_CHARS);
        }
        int zeros = 0;
        while (zeros < s.length() && s.charAt(zeros) == alphabet.charAt(0)) {
            zeros++;
        }
        BigInteger radix = BigInteger.valueOf(alphabet.length());
        BigInteger value = BigInteger.ZERO;
        for (int i = zeros; i < s.length(); i++) {
            value = value.multiply(radix).add(BigInteger.valueOf(digit(s, i)));
        }
        byte[] mag = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int skip = mag.length > 0 && mag[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + mag.length - skip];
        System.arraycopy(mag, skip, out, zeros, mag.length - skip);
        return out;
    }

    private int digit(String s, int i) {
        char c = s.charAt(i);
        int d = c < 128 ? index[c] : -1;
        if (d < 0) {
            String shown = c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
            throw new CidParseException("character " + shown + " at position " + i + " is not valid "
                    + name().toLowerCase(java.util.Locale.ROOT));
        }
        return d;
    }
}
