package io.pincluster.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the recipes are ({@code deploy.dir}, set by the pom; the working folder otherwise) and how to read them. */
final class DeployFiles {
    private DeployFiles() {
    }

    static Path dir() {
        return Path.of(System.getProperty("deploy.dir", ".")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        Path p = dir().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("missing recipe file " + p);
        }
        return p;
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code KEY=VALUE} lines of an environment file (as systemd and compose read them), in order. */
    static Map<String, String> envFile(String relative) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : read(relative).split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new AssertionError(relative + ": not KEY=VALUE: " + line);
            }
            env.put(t.substring(0, eq), t.substring(eq + 1));
        }
        return env;
    }
}
