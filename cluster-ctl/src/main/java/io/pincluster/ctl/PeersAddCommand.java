package io.pincluster.ctl;

import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pincluster peers add <peer id>}: {@code POST /peers {"peer_id": ...}} makes a running peer that the
 * cluster knows (it joined once with {@code daemon --join}) a voting member again; prints its {@code /id}.
 */
@Command(name = "add", description = "Make a peer the cluster knows a voting member again.")
final class PeersAddCommand extends ClientCommand {
    @Parameters(paramLabel = "<peer id>", description = "The peer's ID (12D3KooW...).")
    String peer;

    PeersAddCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        String id = Targets.peerId(peer);
        s.printer().peer(required(s.client().call("POST", "/peers", "{\"peer_id\":\"" + id + "\"}"), "/peers"));
        return ExitCodes.OK;
    }
}
