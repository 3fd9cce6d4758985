package io.pincluster.rest.query;

import java.math.BigDecimal;
import java.time.Duration;

/** Go's {@code time.ParseDuration} syntax ({@code 1h30m}, {@code 1.5s}, {@code 300ms}), as ipfs-cluster clients send it. */
public final class GoDuration {
    private GoDuration() {
    }

    /** Parses {@code s}; throws {@link IllegalArgumentException} naming the problem. */
    public static Duration parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
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
            throw new IllegalArgumentException("duration '" + s + "' is too large");
        }
        long nanos = totalNanos.longValue();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    private static long unitNanos(String s, String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "" -> throw new IllegalArgumentException("missing unit in duration '" + s + "'");
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "' in duration '" + s + "'");
        };
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("invalid duration '" + s + "'");
    }
}
