package io.pincluster.bench.load;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one measured phase: acknowledged pins (2xx) per second over the phase's wall time, latency
 * percentiles of the acknowledged requests (each carrying {@code batch} pins), and the failed requests by HTTP
 * status (-1: no answer).
 */
public record LoadResult(int clients, int urls, int batch, long ok, long errors, double seconds, double p50Millis,
                         double p99Millis, double maxMillis, Map<Integer, Long> errorsByStatus) {
    public double pinsPerSecond() {
        return seconds > 0 ? ok / seconds : 0;
    }

    static LoadResult of(int clients, int urls, int batch, long[] okLatenciesNanos, Map<Integer, Long> errorsByStatus,
                         long wallNanos) {
        long[] sorted = okLatenciesNanos.clone();
        Arrays.sort(sorted);
        long errors = errorsByStatus.values().stream().mapToLong(Long::longValue).sum();
        return new LoadResult(clients, urls, batch, (long) sorted.length * batch, errors, wallNanos / 1e9, millis(sorted, 0.50),
                millis(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                new TreeMap<>(errorsByStatus));
    }

    private static double millis(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** One line for scripts: {@code RESULT clients=16 urls=1 ok=... pins/s=... p50=...ms ...}. */
    public String line() {
        return String.format(java.util.Locale.ROOT,
                "RESULT clients=%d urls=%d batch=%d ok=%d errors=%d seconds=%.1f pins/s=%.0f p50=%.1fms p99=%.1fms "
                        + "max=%.1fms errorsByStatus=%s", clients, urls, batch, ok, errors, seconds, pinsPerSecond(),
                p50Millis, p99Millis, maxMillis, errorsByStatus);
    }
}
