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
        StringBuilder sb = new StringBuilder(32);
        SECONDS.formatTo(t, sb);
        int nanos = t.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) { // Go drops trailing zeros of the fraction
                nanos /= 10;
                digits--;
            }
            String fraction = Integer.toString(nanos);
            sb.append('.');
            for (int pad = digits - fraction.length(); pad > 0; pad--) {
                sb.append('0');
            }
            sb.append(fraction);
        }
        return sb.append('Z').toString();
    }
}
