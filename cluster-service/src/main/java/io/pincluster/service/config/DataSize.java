package io.pincluster.service.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts as people write them in config: a plain number of bytes, or a number with a unit. Like Kubo's
 * {@code StorageMax}, {@code KB MB GB TB} are powers of 1000 and {@code KiB MiB GiB TiB} powers of 1024.
 */
public final class DataSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);

    private DataSize() {
    }

    public static long parse(String s) {
        Matcher m = SIZE.matcher(s == null ? "" : s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size like 1048576, 512MB or 10GiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "B" -> 1L;
            case "KB" -> 1000L;
            case "MB" -> 1000L * 1000;
            case "GB" -> 1000L * 1000 * 1000;
            case "TB" -> 1000L * 1000 * 1000 * 1000;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            case "TIB" -> 1L << 40;
            default -> throw new IllegalArgumentException("unknown size unit '" + m.group(2) + "'");
        };
        try {
            return Math.multiplyExact(n, factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + s + "' is too large");
        }
    }

    /** The shortest exact text for {@code bytes}: {@code "10GB"}, {@code "1MiB"}, or the plain number. */
    public static String format(long bytes) {
        String[] si = {"TB", "GB", "MB", "KB"};
        long[] siF = {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1000L};
        String[] bin = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < si.length; i++) {
            if (bytes != 0 && bytes % siF[i] == 0) {
                return bytes / siF[i] + si[i];
            }
            long binF = 1L << (10 * (4 - i));
            if (bytes != 0 && bytes % binF == 0) {
                return bytes / binF + bin[i];
            }
        }
        return Long.toString(bytes);
    }
}
