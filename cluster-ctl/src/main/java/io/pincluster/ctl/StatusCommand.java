package io.pincluster.ctl;

import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.ctl.cli.CommandIo;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pincluster status [<cid>...]}: where each peer stands with each pin ({@code GET /pins}). */
@Command(name = "status", description = "Show each pin's status on every peer.")
final class StatusCommand extends ClientCommand {
    @Parameters(arity = "0..*", paramLabel = "<cid>", description = "Only these pins (default: all).")
    List<String> cids;

    @Option(names = "--filter", paramLabel = "STATUSES",
            description = "Only pins in these states, comma-separated: pinned, pinning, queued, error, pin_error, "
                    + "unpinned, remote, unexpectedly_unpinned, ...")
    String filter;

    @Option(names = "--local", description = "Only this peer's view, not every peer's.")
    boolean local;

    @Option(names = "--summary", description = "Counts instead of pins: peers up, suspect and down; pins "
            + "under-replicated, lost, moving; the repair queue and its ETA (GET /health/repair; the counts come "
            + "from the leader).")
    boolean summary;

    StatusCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        if (summary) {
            if (cids != null && !cids.isEmpty() || filter != null || local) {
                throw new UsageException("--summary takes no CIDs, --filter or --local");
            }
            RepairSummaryText.print(required(s.client().call("GET", "/health/repair"), "repair summary"), s.printer());
            return ExitCodes.OK;
        }
        List<String> checked = new ArrayList<>();
        for (String arg : cids == null ? List.<String>of() : cids) {
            checked.add(Targets.cid(arg));
        }
        Query query = new Query();
        if (filter != null) {
            query.add("filter", statusFilter(filter));
        }
        query.addIf(local, "local", "true");
        if (checked.size() == 1 && filter == null) {
            s.printer().status(required(s.client().call("GET", "/pins/" + checked.get(0) + query), "status"));
            return ExitCodes.OK;
        }
        if (!checked.isEmpty()) {
            query.add("cids", String.join(",", checked));
        }
        s.client().stream("GET", "/pins" + query, s.printer()::status);
        return ExitCodes.OK;
    }

    /** Checks every name is a status or one of the aliases ({@code queued}, {@code error}). */
    private static String statusFilter(String filter) {
        for (String name : filter.split(",")) {
            if (TrackerStatus.filterGroup(name.trim()) == null) {
                throw new UsageException("--filter: unknown status '" + name + "' (use e.g. pinned, pinning, queued, "
                        + "error, pin_error, unpinned, remote, unexpectedly_unpinned)");
            }
        }
        return filter;
    }
}
