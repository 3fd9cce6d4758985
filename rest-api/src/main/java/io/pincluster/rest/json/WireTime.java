package io.pincluster.rest.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as Go's RFC3339Nano prints them: UTC, fraction without trailing zeros, and Go's zero time for "unset". */
public final class WireTime {
    /** Go's zero {@code time.Time}; ipfs-cluster prints it for an unset {@code expire_at}. */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private WireTime() {
    }

    /** Null and {@link Instant#EPOCH} both mean "unset" in the domain and print as Go's zero time. */
    public static String format(Instant t) {
        if (t == null || t.equals(Instant.EPOCH)) {
            return ZERO;
        }
        StringBuilder sb = new StringBuilder(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(fraction, 0, end);
        }
        return sb.append('Z').toString();
    }
}
