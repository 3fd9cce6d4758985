package io.pincluster.service.cli;

import io.pincluster.ctl.cli.CommandIo;
import io.pincluster.rest.auth.PasswordHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pincluster hash-password}: reads a password (the first line of stdin, or of {@code --password-file}) and
 * prints its {@code pbkdf2-sha256$...} hash for {@code restapi.basic_auth_credentials}, so service.json need not
 * hold the password itself. Never takes the password as an argument (other local users could see it).
 */
@Command(name = "hash-password", description = "Print the hash of a REST API password (read from stdin) for "
        + "restapi.basic_auth_credentials.",
        footer = {"", "Example: pincluster hash-password < pw.txt", "",
            "Exit codes: 0 printed, 1 bad arguments, 2 no password given, 3 the file cannot be read."})
final class HashPasswordCli implements Callable<Integer> {
    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from FILE's first line "
            + "instead of stdin.")
    Path passwordFile;

    @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations (default "
            + PasswordHash.DEFAULT_ITERATIONS + ").")
    int iterations = PasswordHash.DEFAULT_ITERATIONS;

    private final CommandIo io;

    HashPasswordCli(CommandIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String password;
        try {
            password = passwordFile != null ? Files.readString(passwordFile, StandardCharsets.UTF_8).lines()
                    .findFirst().orElse("")
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            io.err().println("error: cannot read the password: " + e.getMessage());
            return 3;
        }
        if (password == null || password.isEmpty()) {
            io.err().println("error: no password given (the first line of stdin or --password-file is empty)");
            return 2;
        }
        try {
            io.out().println(PasswordHash.hash(password, iterations));
            return 0;
        } catch (IllegalArgumentException e) {
            io.err().println("error: " + e.getMessage());
            return 1;
        }
    }
}
