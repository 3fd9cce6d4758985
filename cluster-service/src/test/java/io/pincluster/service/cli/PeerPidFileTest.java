package io.pincluster.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerPidFileTest {
    @TempDir
    Path peerDir;

    @Test
    void aMissingOrUnreadablePidFileMeansNoPeerRuns() throws IOException {
        assertThat(PeerPidFile.livePeer(peerDir)).isEmpty();
        Files.writeString(peerDir.resolve(PeerPidFile.FILE), "not a pid\n");
        assertThat(PeerPidFile.livePeer(peerDir)).isEmpty();
    }

    @Test
    void aPidFileOfAnExitedProcessIsStale() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        assertThat(exited.waitFor(10, TimeUnit.SECONDS)).isTrue();
        PeerPidFile.write(peerDir, exited.pid());
        assertThat(PeerPidFile.livePeer(peerDir)).isEmpty();
    }

    @Test
    void aLiveProcessCountsOnlyWhenItRunsForThisPeerFolder() throws Exception {
        // This test's JVM is alive but was not started for the folder: its PID was reused, say.
        PeerPidFile.write(peerDir, ProcessHandle.current().pid());
        assertThat(PeerPidFile.livePeer(peerDir)).isEmpty();

        Process peer = new ProcessBuilder("sh", "-c", "sleep 60", PeerPidFile.commandLineMarker(peerDir)).start();
        try {
            PeerPidFile.write(peerDir, peer.pid());
            assertThat(PeerPidFile.livePeer(peerDir)).map(ProcessHandle::pid).contains(peer.pid());

            peer.destroyForcibly();
            assertThat(peer.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(PeerPidFile.livePeer(peerDir)).as("stale once the process is gone").isEmpty();
        } finally {
            peer.destroyForcibly();
        }
    }

    @Test
    void removingLeavesAPidFileAnotherRunWroteAlone() throws IOException {
        PeerPidFile.write(peerDir, 4242);
        PeerPidFile.removeIfOwnedBy(peerDir, 1111);
        assertThat(peerDir.resolve(PeerPidFile.FILE)).exists();
        PeerPidFile.removeIfOwnedBy(peerDir, 4242);
        assertThat(peerDir.resolve(PeerPidFile.FILE)).doesNotExist();
    }
}
