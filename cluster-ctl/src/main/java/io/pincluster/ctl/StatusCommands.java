package io.pincluster.ctl;

import io.pincluster.core.pin.TrackerStatus;
import java.util.ArrayList;
import java.util.List;

/** {@code status} and {@code recover}: where each peer stands with each pin, and retrying failed ones. */
final class StatusCommands {
    private StatusCommands() {
    }

    static Flags statusFlags() {
        return new Flags().value("filter").bool("local");
    }

    static Flags recoverFlags() {
        return new Flags().bool("local");
    }

    static int status(Flags.Parsed p, Session s) {
        List<String> cids = new ArrayList<>();
        for (String arg : p.positional()) {
            cids.add(Targets.cid(arg));
        }
        Query query = new Query();
        if (p.has("filter")) {
            query.add("filter", statusFilter(p.string("filter", "")));
        }
        query.addIf(p.bool("local"), "local", "true");
        if (cids.size() == 1 && !p.has("filter")) {
            s.printer().status(InfoCommands.required(s.client().call("GET", "/pins/" + cids.get(0) + query), "status"));
            return ExitCodes.OK;
        }
        if (!cids.isEmpty()) {
            query.add("cids", String.join(",", cids));
        }
        s.client().stream("GET", "/pins" + query, s.printer()::status);
        return ExitCodes.OK;
    }

    static int recover(Flags.Parsed p, Session s) {
        var args = p.positional(0, 1, "pincluster recover [<cid>] [--local]");
        String query = new Query().addIf(p.bool("local"), "local", "true").toString();
        if (args.size() == 1) {
            s.printer().status(InfoCommands.required(
                    s.client().call("POST", "/pins/" + Targets.cid(args.get(0)) + "/recover" + query), "recover"));
        } else {
            s.client().stream("POST", "/pins/recover" + query, s.printer()::status);
        }
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
