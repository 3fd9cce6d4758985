package io.pincluster.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Runs CLI commands against a {@link CannedApiServer} started for each test, capturing what they print. */
abstract class CtlTestSupport {
    CannedApiServer server;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = new CannedApiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    int run(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--host", server.url()));
        all.addAll(List.of(args));
        return Ctl.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false);
    }

    int run(String... args) {
        return run(Map.of(), args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
