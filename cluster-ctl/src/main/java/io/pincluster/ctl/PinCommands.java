package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.core.pin.PinType;
import java.time.Duration;

/** {@code pin add}, {@code pin rm}, {@code pin update} and {@code pin ls}: changes to and views of the pinset. */
final class PinCommands {
    private PinCommands() {
    }

    static Flags addFlags() {
        return PinOptionFlags.declare(new Flags(), true).value("mode").bool("no-status", "ns")
                .bool("wait", "w").value("wait-timeout", "wt");
    }

    static Flags rmFlags() {
        return new Flags().bool("no-status", "ns").bool("wait", "w").value("wait-timeout", "wt");
    }

    static Flags updateFlags() {
        return new Flags().value("name", "n").value("expire-in").bool("no-status", "ns")
                .bool("wait", "w").value("wait-timeout", "wt");
    }

    static Flags lsFlags() {
        return new Flags().value("filter");
    }

    static int add(Flags.Parsed p, Session s) {
        String target = p.positional(1, 1, "pincluster pin add <cid|/ipfs/path> [flags]").get(0);
        Query query = new Query();
        PinOptionFlags.addTo(query, p, s.clock());
        JsonNode pin = InfoCommands.required(s.client().call("POST", Targets.pinPath(target) + query), "pin add");
        return report(p, s, pin, true);
    }

    static int rm(Flags.Parsed p, Session s) {
        String target = p.positional(1, 1, "pincluster pin rm <cid|/ipfs/path> [flags]").get(0);
        JsonNode pin = InfoCommands.required(s.client().call("DELETE", Targets.pinPath(target)), "pin rm");
        return report(p, s, pin, false);
    }

    static int update(Flags.Parsed p, Session s) {
        var args = p.positional(2, 2, "pincluster pin update <from-cid> <to-cid> [flags]");
        String from = Targets.cid(args.get(0));
        String to = Targets.cid(args.get(1));
        Query query = new Query().add("pin-update", from);
        PinOptionFlags.addTo(query, p, s.clock());
        JsonNode pin = InfoCommands.required(s.client().call("POST", "/pins/" + to + query), "pin update");
        return report(p, s, pin, true);
    }

    static int ls(Flags.Parsed p, Session s) {
        var args = p.positional(0, 1, "pincluster pin ls [<cid>] [--filter pin,meta-pin,clusterdag-pin,shard-pin,all]");
        if (args.size() == 1) {
            s.printer().pin(InfoCommands.required(s.client().call("GET", "/allocations/" + Targets.cid(args.get(0))),
                    "pin ls"));
            return ExitCodes.OK;
        }
        Query query = new Query();
        if (p.has("filter")) {
            query.add("filter", typeFilter(p.string("filter", "")));
        }
        s.client().stream("GET", "/allocations" + query, s.printer()::pin);
        return ExitCodes.OK;
    }

    /** After a change: the pin itself ({@code --no-status}), or its status, after waiting if asked. */
    private static int report(Flags.Parsed p, Session s, JsonNode pin, boolean pinning) {
        String cid = pin.path("cid").asText();
        if (p.bool("wait")) {
            Duration timeout = p.has("wait-timeout") ? Durations.parse("wait-timeout", p.string("wait-timeout", "")) : null;
            StatusWaiter waiter = new StatusWaiter(s.client(), s.clock(), s.pollInterval());
            JsonNode status = pinning ? waiter.untilPinned(cid, timeout) : waiter.untilUnpinned(cid, timeout);
            if (p.bool("no-status")) {
                s.printer().pin(pin);
            } else {
                s.printer().status(status);
            }
            return ExitCodes.OK;
        }
        if (p.bool("no-status")) {
            s.printer().pin(pin);
        } else {
            s.printer().status(InfoCommands.required(s.client().call("GET", "/pins/" + cid), "status"));
        }
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
