package io.pincluster.core.time;

import io.pincluster.core.error.Excerpt;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's {@code time.ParseDuration} syntax ({@code 1h30m}, {@code 1.5s}, {@code 300ms}): what ipfs-cluster
 * clients send in query strings and what ipfs-cluster's configuration files hold.
 */
public final class GoDuration {
    private GoDuration() {
    }

    /** The longest duration text read; the numbers are parsed as big decimals, whose cost grows with the digits. */
    public static final int MAX_CHARS = 128;

    /** Parses {@code s}; throws {@link IllegalArgumentException} naming the problem. */
    public static Duration parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (s.length() > MAX_CHARS) {
            throw new IllegalArgumentException("duration of " + s.length() + " characters is over the limit of "
                    + MAX_CHARS);
        }
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw invalid(s);
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numberStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(s);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unitNanos = unitNanos(s, s.substring(unitStart, i));
            totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
        }
        if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("duration '" + Excerpt.of(s) + "' is too large");
        }
        long nanos = totalNanos.longValue();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /** Like {@link #parse} for settings, where a negative duration makes no sense. */
    public static Duration parseNonNegative(String s) {
        Duration d = parse(s);
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + Excerpt.of(s) + "' is negative; use a duration like 500ms, 30s, 2m or 1h30m");
        }
        return d;
    }

    /**
     * Like {@link #parseNonNegative}, and a bare whole number counts as seconds ({@code 30} = {@code 30s}): what
     * command-line flags such as {@code --timeout} accept, where people type plain seconds as often as Go syntax.
     */
    public static Duration parseNonNegativeOrSeconds(String s) {
        if (s != null && !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Duration.ofSeconds(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration '" + Excerpt.of(s) + "' is too large");
            }
        }
        return parseNonNegative(s);
    }

    /** The shortest Go-style text for {@code d}, to whole milliseconds ({@code 1m30s250ms}). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        appendPart(sb, ms / 3_600_000, "h");
        appendPart(sb, ms / 60_000 % 60, "m");
        appendPart(sb, ms / 1000 % 60, "s");
        appendPart(sb, ms % 1000, "ms");
        return sb.toString();
    }

    private static void appendPart(StringBuilder sb, long n, String unit) {
        if (n > 0) {
            sb.append(n).append(unit);
        }
    }

    private static long unitNanos(String s, String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "" -> throw new IllegalArgumentException("missing unit in duration '" + Excerpt.of(s) + "'");
            default -> throw new IllegalArgumentException("unknown unit '" + Excerpt.of(unit) + "' in duration '" + Excerpt.of(s)
                    + "' (use ns, us, ms, s, m or h)");
        };
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("'" + Excerpt.of(s) + "' is not a duration like 500ms, 30s, 2m or 1h30m");
    }
}
