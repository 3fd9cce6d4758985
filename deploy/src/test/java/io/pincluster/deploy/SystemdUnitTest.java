package io.pincluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/systemd: the peer unit passes {@code systemd-analyze verify} without a single complaint (an unknown or
 * misspelt key is only a warning there, so any line naming the unit fails the test), is hardened, and reads the
 * shared environment file.
 */
@Timeout(120)
class SystemdUnitTest {
    private static final String UNIT = "pincluster.service";

    @TempDir
    Path tmp;

    @Test
    void theUnitVerifiesCleanly() throws Exception {
        ExternalTool analyze = ExternalTool.require("systemd-analyze", "systemd");
        Path copy = Files.copy(DeployFiles.file("systemd/" + UNIT), tmp.resolve(UNIT));
        ExternalTool.Result verify = analyze.run(tmp, Map.of(), "verify", copy.toString());
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).as("complaints about the unit").doesNotContain(UNIT);
    }

    @Test
    void verifyCatchesAMisspeltKeySoTheCheckAboveMeansSomething() throws Exception {
        ExternalTool analyze = ExternalTool.require("systemd-analyze", "systemd");
        String unit = DeployFiles.read("systemd/" + UNIT).replace("ProtectSystem=strict", "ProtectSystm=strict");
        Path copy = Files.writeString(tmp.resolve(UNIT), unit);
        ExternalTool.Result verify = analyze.run(tmp, Map.of(), "verify", copy.toString());
        assertThat(verify.output()).contains("ProtectSystm");
    }

    @Test
    void theUnitIsHardenedAndReadsTheSharedEnvironment() {
        String unit = DeployFiles.read("systemd/" + UNIT);
        assertThat(unit).contains("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "DynamicUser=yes", "StateDirectory=pincluster", "CapabilityBoundingSet=\n",
                "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service");
        assertThat(unit).contains("EnvironmentFile=/etc/pincluster/peer.env")
                .contains("io.pincluster.service.cli.Main run /var/lib/pincluster");
        assertThat(unit).doesNotContainPattern("(?m)^MemoryDenyWriteExecute=yes");
    }
}
