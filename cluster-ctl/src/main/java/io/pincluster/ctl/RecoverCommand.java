package io.pincluster.ctl;

import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pincluster recover [<cid>]}: retries failed pins and unpins ({@code POST /pins[/<cid>]/recover}). */
@Command(name = "recover", description = "Retry failed pins and unpins (one CID, or all).")
final class RecoverCommand extends ClientCommand {
    @Parameters(arity = "0..1", paramLabel = "<cid>", description = "Only this pin (default: all).")
    String cid;

    @Option(names = "--local", description = "Only on this peer, not on every peer.")
    boolean local;

    RecoverCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        String query = new Query().addIf(local, "local", "true").toString();
        if (cid != null) {
            s.printer().status(required(
                    s.client().call("POST", "/pins/" + Targets.cid(cid) + "/recover" + query), "recover"));
        } else {
            s.client().stream("POST", "/pins/recover" + query, s.printer()::status);
        }
        return ExitCodes.OK;
    }
}
