package io.pincluster.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.rest.auth.PasswordHash;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashPasswordCliTest {
    @TempDir
    Path dir;

    @Test
    void printsAHashOfTheFirstLineThatMatchesOnlyThatPassword() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "correct horse\nsecond line\n");
        CliRunner r = CliRunner.run("hash-password", "--password-file", file.toString(), "--iterations", "1000");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String hash = r.out().trim();
        assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("horse");
        assertThat(PasswordHash.matches(hash, "correct horse")).isTrue();
        assertThat(PasswordHash.matches(hash, "second line")).isFalse();
    }

    @Test
    void anEmptyPasswordIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("empty"), "\n");
        CliRunner r = CliRunner.run("hash-password", "--password-file", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
    }
}
