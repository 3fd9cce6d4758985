package io.pincluster.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A peer started from a default configuration listens on loopback only: every TCP socket the peer process listens
 * on (per the kernel's socket table) is bound to 127.0.0.1, none to the wildcard address or another interface.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@ExtendWith(DumpOnFailure.class)
class LoopbackListenersIT {
    @Test
    void everyListeningSocketOfAPeerProcessIsOnLoopback() throws Exception {
        Assumptions.assumeTrue(ListeningSockets.supported(), "needs Linux /proc");
        try (TestCluster c = TestCluster.start(ClusterOptions.processes(1))) {
            c.awaitLeader();
            List<ListeningSockets.Socket> sockets = ListeningSockets.of(c.pid(0));
            int restPort = c.peer(0).restUrl().getPort();
            int raftPort = Integer.parseInt(c.raftAddress(0).substring(c.raftAddress(0).lastIndexOf(':') + 1));
            assertThat(sockets).extracting(ListeningSockets.Socket::port).contains(restPort, raftPort);
            for (ListeningSockets.Socket s : sockets) {
                assertThat(s.address()).as("listener on port %d", s.port())
                        .isEqualTo(InetAddress.getByName("127.0.0.1"))
                        .isNotInstanceOf(Inet6Address.class);
            }
        }
    }
}
