package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pincluster peers drain <peer id> [--stop]}: {@code POST|DELETE /peers/<id>/drain}. */
@Command(name = "drain", description = "Move every pin off a live peer (it stays a member, holding nothing; each "
        + "copy is released once its new holders have it). Watch with 'pincluster status --summary'.")
final class PeersDrainCommand extends ClientCommand {
    @Parameters(paramLabel = "<peer id>", description = "The peer's ID (12D3KooW...).")
    String peer;

    @Option(names = "--stop", description = "Stop draining: the peer takes new pins again (moved pins stay moved).")
    boolean stop;

    PeersDrainCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        JsonNode answer = s.client().call(stop ? "DELETE" : "POST", "/peers/" + Targets.peerId(peer) + "/drain");
        s.printer().line(s.printer().json() ? String.valueOf(answer) : answer.path("message").asText());
        return ExitCodes.OK;
    }
}
