package io.pincluster.bench.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one {@link PinLoad} run does.
 *
 * @param urls     REST API base URLs; client {@code c} sends to {@code urls[c % urls.size()]}; loopback only
 * @param user     Basic Auth user
 * @param password Basic Auth password
 * @param clients  concurrent closed-loop clients (each keeps one request outstanding)
 * @param count    stop after this many requests (measured part), whatever their outcome
 * @param duration stop after this long (measured part), whichever comes first
 * @param warmup   unmeasured load before the measured part (JIT, connection set-up)
 * @param label    makes this run's CIDs distinct from other runs' against the same cluster
 * @param content  {@code inline}: identity CIDs, whose bytes every peer already holds, so the load measures the
 *                 pinset path (consensus, allocation, tracker bookkeeping) without block transfer;
 *                 {@code absent}: sha2-256 CIDs that no peer holds, so every tracker also keeps looking for them
 * @param batch    CIDs per request: 1 sends {@code POST /pins/{cid}} (the ipfs-cluster route); more sends
 *                 {@code POST /pins} with that many CIDs in the body
 * @param rate     0: closed loop (each client sends its next request when the last is answered); above 0: open loop
 *                 at this many pins per second offered, whatever the answers take (the clients are the most requests
 *                 outstanding at once), latency counted from when each request was due, so a slow answer delays
 *                 the ones behind it and they count it
 */
public record LoadOptions(List<URI> urls, String user, String password, int clients, long count, Duration duration,
                          Duration warmup, String label, String content, int batch, double rate) {
    static final String USAGE = """
            usage: PinLoad --url http://127.0.0.1:9094[,http://127.0.0.1:9194...] [--clients 16] [--count 20000]
                           [--duration 30s] [--warmup 5s] [--label run1] [--user admin]
                           [--content absent|inline] [--batch 1] [--rate 0 (pins/s offered; 0 = closed loop)]
              password: --password or the environment variable PINCLUSTER_PASSWORD
            """;

    public LoadOptions {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("--url is required");
        }
        for (URI u : urls) {
            requireLoopback(u);
        }
        if (clients < 1 || clients > 4096) {
            throw new IllegalArgumentException("--clients must be 1..4096, not " + clients);
        }
        if (count < 1) {
            throw new IllegalArgumentException("--count must be positive, not " + count);
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--duration must be between 1s and 1h, not " + duration);
        }
        if (!"inline".equals(content) && !"absent".equals(content)) {
            throw new IllegalArgumentException("--content must be inline or absent, not " + content);
        }
        if (batch < 1 || batch > 10_000) {
            throw new IllegalArgumentException("--batch must be 1..10000, not " + batch);
        }
        if (!(rate >= 0 && rate <= 1_000_000)) {
            throw new IllegalArgumentException("--rate must be 0 (closed loop) up to 1000000 pins/s, not " + rate);
        }
    }

    /** Closed loop, as the options were before {@code --rate}. */
    public LoadOptions(List<URI> urls, String user, String password, int clients, long count, Duration duration,
                       Duration warmup, String label, String content, int batch) {
        this(urls, user, password, clients, count, duration, warmup, label, content, batch, 0);
    }

    /** This tool generates load; it refuses to aim it anywhere but this machine. */
    private static void requireLoopback(URI u) {
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://<loopback host>:<port>, not " + u);
        }
        try {
            if (!InetAddress.getByName(u.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("--url " + u + " is not a loopback address; PinLoad only "
                        + "loads this machine");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--url " + u + ": unknown host", e);
        }
    }

    static LoadOptions parse(String[] args, Map<String, String> env) {
        List<URI> urls = new ArrayList<>();
        String user = "admin";
        String password = env.get("PINCLUSTER_PASSWORD");
        int clients = 16;
        long count = 20_000;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ZERO;
        String label = Long.toString(System.currentTimeMillis(), 36);
        String content = "absent"; // what users pin: CIDs whose content is elsewhere
        int batch = 1;
        double rate = 0;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String v = args[++i];
            switch (flag) {
                case "--url" -> {
                    for (String s : v.split(",")) {
                        urls.add(URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s));
                    }
                }
                case "--user" -> user = v;
                case "--password" -> password = v;
                case "--clients" -> clients = Integer.parseInt(v);
                case "--count" -> count = Long.parseLong(v);
                case "--duration" -> duration = seconds(v);
                case "--warmup" -> warmup = seconds(v);
                case "--label" -> label = v;
                case "--content" -> content = v;
                case "--batch" -> batch = Integer.parseInt(v);
                case "--rate" -> rate = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (password == null) {
            throw new IllegalArgumentException("no password: use --password or PINCLUSTER_PASSWORD");
        }
        return new LoadOptions(urls, user, password, clients, count, duration, warmup, label, content, batch, rate);
    }

    private static Duration seconds(String v) {
        String s = v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }
}
