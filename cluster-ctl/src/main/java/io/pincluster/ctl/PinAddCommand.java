package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pincluster pin add <cid|/ipfs/path>}: {@code POST /pins/...} with the pin options as query parameters. */
@Command(name = "add", description = "Pin a CID (or an /ipfs, /ipns, /ipld path) and show its status.")
final class PinAddCommand extends ClientCommand {
    @Parameters(paramLabel = "<cid|/ipfs/path>", description = "What to pin.")
    String target;

    @Option(names = {"-r", "--replication"}, paramLabel = "N",
            description = "Pin on N peers (-1: every peer, 0: the cluster's default); or --rmin/--rmax.")
    Integer replication;

    @Option(names = "--mode", paramLabel = "recursive|direct", description = "Pin the whole DAG (default) or the block.")
    String mode;

    @Mixin
    PinOptions pin;

    @Mixin
    WaitOptions wait;

    PinAddCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        Query query = new Query();
        pin.addTo(query, replication, mode, s.clock());
        JsonNode added = required(s.client().call("POST", Targets.pinPath(target) + query), "pin add");
        return wait.report(s, added, true);
    }
}
