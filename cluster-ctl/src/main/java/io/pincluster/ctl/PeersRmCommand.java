package io.pincluster.ctl;

import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pincluster peers rm <peer id>}: {@code DELETE /peers/<id>}, which needs a majority of the others up. */
@Command(name = "rm", description = "Remove a peer from the cluster (it does not rejoin on its own).")
final class PeersRmCommand extends ClientCommand {
    @Parameters(paramLabel = "<peer id>", description = "The peer's ID (12D3KooW...); it may be down.")
    String peer;

    PeersRmCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        String id = Targets.peerId(peer);
        s.client().call("DELETE", "/peers/" + id);
        if (s.printer().json()) {
            s.printer().line("{\"removed\":\"" + id + "\"}");
        } else {
            s.printer().line("removed peer " + id);
        }
        return ExitCodes.OK;
    }
}
