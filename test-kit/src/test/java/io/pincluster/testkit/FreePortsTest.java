package io.pincluster.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
            assertThat(port).isBetween(FreePorts.window().low(), FreePorts.window().high() - 1);
            boolean ephemeral = port >= FreePorts.ephemeralRange().low() && port < FreePorts.ephemeralRange().high();
            assertThat(ephemeral).as("port %d lies in the ephemeral range %s", port, FreePorts.ephemeralRange())
                    .isFalse();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
        int base = FreePorts.range(10);
        for (int p = base; p < base + 10; p++) {
            assertThat(seen).as("range overlaps a port handed out before").doesNotContain(p);
        }
    }

    /**
     * The range is the kernel's, not the fallback: under gVisor {@code Files.readString} returned "3" for this file,
     * the fallback 49152..65535 was used, and the real range 32768..60999 fell inside the test window (CI lost
     * PartitionIT's Pinning Service API port to a port-0 listener that way).
     */
    @Test
    void theEphemeralRangeIsReadFromTheKernel() throws IOException {
        java.nio.file.Path file = java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(file), "no " + file + " here");
        String text;
        try (java.io.InputStream in = new java.io.FileInputStream(file.toFile())) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        }
        String[] kernel = text.split("\\s+");
        assertThat(FreePorts.ephemeralRange().low()).isEqualTo(Integer.parseInt(kernel[0]));
        assertThat(FreePorts.ephemeralRange().high() - 1).isEqualTo(Integer.parseInt(kernel[1]));
    }

    @Test
    void portsComeFromTheLargerStretchOutsideTheEphemeralRange() {
        // Linux's default range leaves 10000..32767 below it
        assertThat(FreePorts.Window.outside(new FreePorts.Window(32768, 61000)))
                .isEqualTo(new FreePorts.Window(10000, 32768));
        // gVisor starts its range at 16000 and runs to the top
        assertThat(FreePorts.Window.outside(new FreePorts.Window(16000, 65536)))
                .isEqualTo(new FreePorts.Window(10000, 16000));
        // a range low in the port space leaves the stretch above it
        assertThat(FreePorts.Window.outside(new FreePorts.Window(1024, 40000)))
                .isEqualTo(new FreePorts.Window(40000, 65536));
        assertThatThrownBy(() -> FreePorts.Window.outside(new FreePorts.Window(1024, 65536)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1024..65535");
    }

    @Test
    void aPortWhoseServerClosedFirstIsNotFreeWhileItsConnectionsWaitOut() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = server.getLocalPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                    Socket accepted = server.accept()) {
                accepted.close(); // the server side closes first, so its port keeps the connection in TIME_WAIT
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }
        // a server that binds without SO_REUSEADDR would fail here, so the port must not count as free
        assertThat(FreePorts.bindable(port)).isFalse();
    }

    @Test
    void sideBySideTestJvmsTakeDisjointSlicesThatCoverTheWindow() {
        FreePorts.Window window = new FreePorts.Window(10000, 32768);
        FreePorts.Window first = window.slice(1, 2);
        FreePorts.Window second = window.slice(2, 2);
        assertThat(first.low()).isEqualTo(10000);
        assertThat(first.high()).isEqualTo(second.low());
        assertThat(second.high()).isEqualTo(32768);
        assertThat(window.slice(1, 1)).isEqualTo(window);
        FreePorts.Window last = window.slice(3, 3);
        assertThat(last.high()).isEqualTo(32768);
        assertThat(window.slice(2, 3).high()).isEqualTo(last.low());
    }

    @Test
    void aSliceOutsideTheCountIsRefused() {
        FreePorts.Window window = new FreePorts.Window(10000, 32768);
        assertThatThrownBy(() -> window.slice(0, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pincluster.test.fork");
        assertThatThrownBy(() -> window.slice(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
