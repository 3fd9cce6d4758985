package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code pincluster pin rm <cid|/ipfs/path>}: {@code DELETE /pins/...}. */
@Command(name = "rm", description = "Unpin a CID (or path) from the cluster.")
final class PinRmCommand extends ClientCommand {
    @Parameters(paramLabel = "<cid|/ipfs/path>", description = "What to unpin.")
    String target;

    @Mixin
    WaitOptions wait;

    PinRmCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        JsonNode removed = required(s.client().call("DELETE", Targets.pinPath(target)), "pin rm");
        return wait.report(s, removed, false);
    }
}
