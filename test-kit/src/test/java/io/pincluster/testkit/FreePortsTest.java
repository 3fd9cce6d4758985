package io.pincluster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void aFreePortCanBeBoundOnLoopback() throws IOException {
        int port = FreePorts.one();
        assertThat(port).isBetween(1, 65535);
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void theLoopbackAddressNamesAFreePort() throws IOException {
        String address = FreePorts.loopbackAddress();
        assertThat(address).startsWith("127.0.0.1:");
        int port = Integer.parseInt(address.substring("127.0.0.1:".length()));
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    @Test
    void everyPortOfARangeCanBeBound() throws IOException {
        int base = FreePorts.range(5);
        for (int p = base; p < base + 5; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
            }
        }
    }

    @Test
    void aRangeNeedsAtLeastOnePort() {
        assertThatThrownBy(() -> FreePorts.range(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portsComeFromBelowTheEphemeralRangeAndAreNeverHandedOutTwice() {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.one();
            // the kernel gives ports of its ephemeral range to outgoing connections, which could take ours
            assertThat(port).isBetween(FreePorts.LOW, FreePorts.ephemeralLow() - 1);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
        int base = FreePorts.range(10);
        for (int p = base; p < base + 10; p++) {
            assertThat(seen).as("range overlaps a port handed out before").doesNotContain(p);
        }
    }
}
