package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pincluster peers rm <peer id> [--force]}: {@code DELETE /peers/<id>}, which needs a majority of the others
 * up. A live peer is drained first (the server answers 202) and removed once it holds nothing.
 */
@Command(name = "rm", description = "Remove a peer from the cluster (it does not rejoin on its own). A live peer is "
        + "drained first: its pins move to other peers, then it is removed.")
final class PeersRmCommand extends ClientCommand {
    @Parameters(paramLabel = "<peer id>", description = "The peer's ID (12D3KooW...); it may be down.")
    String peer;

    @Option(names = "--force", description = "Remove a live peer now, without draining it first (its pins are "
            + "repaired from the other copies).")
    boolean force;

    PeersRmCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        String id = Targets.peerId(peer);
        JsonNode draining = s.client().call("DELETE", "/peers/" + id + (force ? "?force=true" : ""));
        if (draining != null) {
            s.printer().line(s.printer().json() ? draining.toString() : draining.path("message").asText());
        } else if (s.printer().json()) {
            s.printer().line("{\"removed\":\"" + id + "\"}");
        } else {
            s.printer().line("removed peer " + id);
        }
        return ExitCodes.OK;
    }
}
