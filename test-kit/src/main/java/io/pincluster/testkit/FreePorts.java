package io.pincluster.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports nobody listens on right now: for a server a test is about to start, or for an address that must
 * refuse connections.
 *
 * <p>Ports come from outside the kernel's ephemeral range: a port the kernel hands out for "port 0" is also what it
 * hands to the next outgoing connection, and a CI run lost a REST port that way (bind: address in use) between
 * finding it and binding it. The range is read from the kernel, because sandboxes differ (gVisor's starts at 16000).
 *
 * <p>A port counts as free only if it binds <em>without</em> {@code SO_REUSEADDR}: a port whose earlier server
 * closed less than a minute ago still has connections in TIME_WAIT, and servers that bind without the option (as
 * some Netty transports do) fail on it although a plain {@link ServerSocket}, which sets the option, succeeds.
 *
 * <p>A port is handed out once per JVM, so a layout that asks for several ports before binding any never gets one
 * twice. Test JVMs that run side by side (surefire's {@code forkCount} above 1) each take their own slice of the
 * window, named by the system properties {@value #FORK_PROPERTY} (1-based) and {@value #FORKS_PROPERTY}: a port one
 * fork found free but has not bound yet is never handed to another fork. Another process may still take a port
 * first; that small race remains.
 */
public final class FreePorts {
    /** Lowest port ever handed out; below it live well-known and registered services (and our 9094 defaults). */
    static final int FLOOR = 10000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Which of the side-by-side test JVMs this is, 1-based (surefire's {@code ${surefire.forkNumber}}). */
    static final String FORK_PROPERTY = "pincluster.test.fork";
    /** How many test JVMs run side by side. */
    static final String FORKS_PROPERTY = "pincluster.test.forks";
    private static final Window WINDOW = Window.outside(ephemeralRange())
            .slice(Integer.getInteger(FORK_PROPERTY, 1), Integer.getInteger(FORKS_PROPERTY, 1));

    private FreePorts() {
    }

    /** One free loopback port. */
    public static int one() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(WINDOW.low(), WINDOW.high());
            if (HANDED_OUT.add(port)) {
                if (bindable(port)) {
                    return port;
                }
                HANDED_OUT.remove(port);
            }
        }
        throw new IllegalStateException("no free loopback port in " + WINDOW);
    }

    /** {@code "127.0.0.1:<free port>"}, the form peer and Raft addresses are written in. */
    public static String loopbackAddress() {
        return "127.0.0.1:" + one();
    }

    /** A base port such that {@code base .. base+count-1} are all free now (for a layout of consecutive ports). */
    public static int range(int count) {
        if (count < 1 || count > WINDOW.size() - 1) {
            throw new IllegalArgumentException("count must be 1.." + (WINDOW.size() - 1) + ": " + count);
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(WINDOW.low(), WINDOW.high() - count);
            if (claim(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of " + count + " loopback ports in " + WINDOW);
    }

    /** The ports handed out come from here. */
    static Window window() {
        return WINDOW;
    }

    private static boolean claim(int base, int count) {
        for (int p = base; p < base + count; p++) {
            if (!HANDED_OUT.add(p)) {
                release(base, p);
                return false;
            }
            if (!bindable(p)) {
                release(base, p + 1);
                return false;
            }
        }
        return true;
    }

    private static void release(int from, int to) {
        for (int p = from; p < to; p++) {
            HANDED_OUT.remove(p);
        }
    }

    static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The kernel's ephemeral range (Linux), else the IANA default 49152..65535. */
    static Window ephemeralRange() {
        try {
            // Read as lines, not with Files.readString: under gVisor a /proc file reports a size that readString
            // trusts ("3" came back), and the fallback below then put the real range 32768..60999 inside the window.
            List<String> lines = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
            String[] range = lines.get(0).trim().split("\\s+");
            return new Window(Integer.parseInt(range[0]), Integer.parseInt(range[1]) + 1);
        } catch (IOException | RuntimeException e) {
            return new Window(49152, 65536);
        }
    }

    /** Ports {@code low} (inclusive) to {@code high} (exclusive). */
    record Window(int low, int high) {
        int size() {
            return high - low;
        }

        /** The larger of the two stretches of ports above {@link #FLOOR} that lie outside {@code ephemeral}. */
        static Window outside(Window ephemeral) {
            Window below = new Window(FLOOR, Math.max(FLOOR, ephemeral.low()));
            Window above = new Window(Math.max(FLOOR, ephemeral.high()), 65536);
            Window larger = below.size() >= above.size() ? below : above;
            if (larger.size() < 1000) {
                throw new IllegalStateException("the ephemeral range " + ephemeral
                        + " leaves fewer than 1000 ports for tests above " + FLOOR);
            }
            return larger;
        }

        /** Slice {@code index} (1-based) of {@code count} equal slices; the whole window for one slice. */
        Window slice(int index, int count) {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("test JVM " + index + " of " + count + ": expected 1 <= "
                        + FORK_PROPERTY + " <= " + FORKS_PROPERTY);
            }
            int width = size() / count;
            return new Window(low + (index - 1) * width, index == count ? high : low + index * width);
        }

        @Override
        public String toString() {
            return low + ".." + (high - 1);
        }
    }
}
