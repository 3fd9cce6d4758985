package io.pincluster.ctl;

import io.pincluster.core.pin.PinType;
import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pincluster pin ls [<cid>]}: the pinset ({@code GET /allocations}), streamed, or one pin. */
@Command(name = "ls", description = "List the pinset, or show one pin.")
final class PinLsCommand extends ClientCommand {
    @Parameters(arity = "0..1", paramLabel = "<cid>", description = "Show only this pin.")
    String cid;

    @Option(names = "--filter", paramLabel = "TYPES",
            description = "Pin types to list, comma-separated: pin, meta-pin, clusterdag-pin, shard-pin or all.")
    String filter;

    PinLsCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        if (cid != null) {
            s.printer().pin(required(s.client().call("GET", "/allocations/" + Targets.cid(cid)), "pin ls"));
            return ExitCodes.OK;
        }
        Query query = new Query();
        if (filter != null) {
            query.add("filter", typeFilter(filter));
        }
        s.client().stream("GET", "/allocations" + query, s.printer()::pin);
        return ExitCodes.OK;
    }

    private static String typeFilter(String filter) {
        for (String name : filter.split(",")) {
            if (!name.equals("all")) {
                try {
                    PinType.parse(name.trim());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--filter takes pin, meta-pin, clusterdag-pin, shard-pin or all, not '"
                            + name + "'");
                }
            }
        }
        return filter;
    }
}
