package io.pincluster.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports nobody listens on right now: for a server a test is about to start, or for an address that must
 * refuse connections. A port found free may be taken by someone else before the test binds it; tests accept that
 * small race rather than hard-coding ports that collide between parallel builds.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** One free loopback port. */
    public static int one() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    /** {@code "127.0.0.1:<free port>"}, the form peer and Raft addresses are written in. */
    public static String loopbackAddress() {
        return "127.0.0.1:" + one();
    }

    /** A base port such that {@code base .. base+count-1} are all free now (for a layout of consecutive ports). */
    public static int range(int count) {
        if (count < 1 || count > 10_000) {
            throw new IllegalArgumentException("count must be 1..10000: " + count);
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 60000 - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of " + count + " loopback ports");
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
