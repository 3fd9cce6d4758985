package io.pincluster.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code ./pincluster} launcher at the repository root: present, executable, and running Main. */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("pincluster");

    @Test
    void theLauncherIsAnExecutableBashScriptThatRunsMain() throws IOException {
        assertThat(Files.isRegularFile(SCRIPT)).as(SCRIPT.toString()).isTrue();
        assertThat(Files.isExecutable(SCRIPT)).isTrue();
        String text = Files.readString(SCRIPT);
        assertThat(text).startsWith("#!/usr/bin/env bash")
                .contains("io.pincluster.service.cli.Main \"$@\"")
                .contains("-DskipTests package -pl cluster-service -am")
                .contains("BASH_SOURCE");
    }

    @Test
    void theLauncherIsValidBash() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
