package io.pincluster.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports nobody listens on right now: for a server a test is about to start, or for an address that must
 * refuse connections. Ports come from below the kernel's ephemeral range: a port the kernel hands out for "port 0"
 * is also what it hands to the next outgoing connection, and a CI run lost a REST port that way (bind: address in
 * use) between finding it and binding it. A port is handed out once per JVM, so a layout that asks for several ports
 * before binding any never gets one twice. Another process may still take a port first; that small race remains.
 */
public final class FreePorts {
    /** Lowest port handed out; below it live well-known and registered services. */
    static final int LOW = 20000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** One free loopback port. */
    public static int one() {
        int high = ephemeralLow();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, high);
            if (HANDED_OUT.add(port)) {
                if (bindable(port)) {
                    return port;
                }
                HANDED_OUT.remove(port);
            }
        }
        throw new IllegalStateException("no free loopback port in " + LOW + ".." + (high - 1));
    }

    /** {@code "127.0.0.1:<free port>"}, the form peer and Raft addresses are written in. */
    public static String loopbackAddress() {
        return "127.0.0.1:" + one();
    }

    /** A base port such that {@code base .. base+count-1} are all free now (for a layout of consecutive ports). */
    public static int range(int count) {
        int high = ephemeralLow();
        if (count < 1 || count > high - LOW - 1) {
            throw new IllegalArgumentException("count must be 1.." + (high - LOW - 1) + ": " + count);
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOW, high - count);
            if (claim(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of " + count + " loopback ports");
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

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), else the IANA default 49152. */
    static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > LOW + 1000 ? low : 49152;
        } catch (IOException | RuntimeException e) {
            return 49152;
        }
    }
}
