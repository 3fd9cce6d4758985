package io.pincluster.testkit.hostile;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * Sends each case to a server and checks its answer: no 5xx, no hang, an answer within {@code maxMillis}, a JSON
 * error body with a {@code code} and a {@code message}, and no more than {@link #MAX_QUOTED} characters of the
 * case's hostile text echoed back. Collects every violation instead of stopping at the first, and counts the
 * answers by status, so a test prints one report and asserts it is clean.
 */
public final class HostileCorpus {
    /** Longest run of the hostile text an answer may contain (the servers quote 64 characters and an ellipsis). */
    public static final int MAX_QUOTED = 64;

    private final RawHttp http;
    private final long maxMillis;
    private final IntPredicate acceptedStatus;

    /** {@code acceptedStatus}: which statuses count as a refusal (e.g. 4xx, or also 404 for the gateway). */
    public HostileCorpus(RawHttp http, long maxMillis, IntPredicate acceptedStatus) {
        this.http = http;
        this.maxMillis = maxMillis;
        this.acceptedStatus = acceptedStatus;
    }

    /** What a run found. */
    /**
     * What a run found. {@code cpuMillis} is the CPU time this whole JVM used meanwhile (the servers under test run
     * in it, so it is an upper bound on what answering cost them, client and GC included).
     */
    public record Report(int cases, Map<Integer, Integer> byStatus, List<String> violations, long slowestMillis,
                         long cpuMillis) {
        @Override
        public String toString() {
            return cases + " hostile requests: answers by status " + byStatus + ", slowest " + slowestMillis
                    + " ms, " + cpuMillis + " ms of CPU in all, " + violations.size() + " violation(s)"
                    + (violations.isEmpty() ? "" : ": " + violations);
        }
    }

    public Report run(List<HostileCase> cases) {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        long slowest = 0;
        warmUp(cases.get(0));
        long cpuStart = processCpuNanos();
        for (HostileCase c : cases) {
            long start = System.nanoTime();
            RawHttp.Response r;
            try {
                r = http.send(c.method(), c.target(), c.headers(), c.body());
            } catch (SocketTimeoutException e) {
                violations.add(c.name() + ": no answer (hang)");
                continue;
            } catch (IOException e) {
                violations.add(c.name() + ": " + e);
                continue;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            slowest = Math.max(slowest, millis);
            byStatus.merge(r.status(), 1, Integer::sum);
            check(c, r, millis, violations);
        }
        long cpu = processCpuNanos() - cpuStart;
        return new Report(cases.size(), byStatus, violations, slowest, cpu < 0 ? -1 : cpu / 1_000_000);
    }

    /** CPU time of this JVM, or a negative number where the platform does not say. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /**
     * Sends the first case once, untimed: the first request to a fresh server pays for class loading and a cold
     * JIT (seconds on a loaded CI machine), which says nothing about what the input costs.
     */
    private void warmUp(HostileCase first) {
        try {
            http.send(first.method(), first.target(), first.headers(), first.body());
        } catch (IOException e) {
            // the timed run reports it
        }
    }

    private void check(HostileCase c, RawHttp.Response r, long millis, List<String> violations) {
        if (millis > maxMillis) {
            violations.add(c.name() + ": took " + millis + " ms");
        }
        if (r.status() >= 500 || r.status() < 0 || !acceptedStatus.test(r.status())) {
            violations.add(c.name() + ": status " + r.status() + " " + abbreviate(r.body()));
            return;
        }
        String type = r.header("content-type");
        if (type == null || !type.contains("json") || !r.body().contains("\"code\"")
                || !r.body().contains("\"message\"")) {
            violations.add(c.name() + ": not a JSON error (" + type + "): " + abbreviate(r.body()));
        }
        if (c.quoted() != null && c.quoted().length() > MAX_QUOTED && quotesMoreThanAPrefix(r.body(), c.quoted())) {
            violations.add(c.name() + ": echoes more than " + MAX_QUOTED + " characters of the input");
        }
    }

    /** True when some run of MAX_QUOTED + 1 characters of the input appears in the body. */
    static boolean quotesMoreThanAPrefix(String body, String input) {
        int window = MAX_QUOTED + 1;
        // the input's own prefix is the likeliest echo; a few more windows catch an echo from elsewhere in it
        for (int start = 0; start + window <= input.length(); start += Math.max(1, input.length() / 16)) {
            if (body.contains(input.substring(start, start + window))) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
