package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;

/** {@code pincluster health}: {@code GET /health} answers 204 when the peer is up; prints {@code ok}. */
@Command(name = "health", description = "Check the peer answers (prints ok).")
final class HealthCommand extends ClientCommand {
    HealthCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        JsonNode body = s.client().call("GET", "/health");
        if (s.printer().json()) {
            s.printer().line(body == null ? "{\"status\":\"ok\"}" : body.toString());
        } else {
            s.printer().line("ok");
        }
        return ExitCodes.OK;
    }
}
