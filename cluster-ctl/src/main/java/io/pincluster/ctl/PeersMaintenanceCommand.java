package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pincluster peers maintenance <peer id> on|off [--for 30m]}: {@code POST|DELETE /peers/<id>/maintenance}. */
@Command(name = "maintenance", description = "Planned restart: while on, the peer being down moves none of its pins."
        + " It ends by itself after --for.")
final class PeersMaintenanceCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "<peer id>", description = "The peer's ID (12D3KooW...).")
    String peer;

    @Parameters(index = "1", paramLabel = "on|off", description = "Start or end the maintenance.")
    String onOff;

    @Option(names = "--for", paramLabel = "DURATION", description = "How long the maintenance lasts at most, e.g. "
            + "30m or 2h (default 1h, at most 168h).")
    String length;

    PeersMaintenanceCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        String id = Targets.peerId(peer);
        boolean on = switch (onOff) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UsageException("expected on or off, not '" + onOff + "'");
        };
        if (!on && length != null) {
            throw new UsageException("--for goes with 'on'");
        }
        Query query = new Query();
        if (length != null) {
            query.add("for", length);
        }
        JsonNode answer = s.client().call(on ? "POST" : "DELETE", "/peers/" + id + "/maintenance" + query);
        s.printer().line(s.printer().json() ? String.valueOf(answer) : answer.path("message").asText());
        return ExitCodes.OK;
    }
}
