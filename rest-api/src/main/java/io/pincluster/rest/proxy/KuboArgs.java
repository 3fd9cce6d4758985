package io.pincluster.rest.proxy;

import com.linecorp.armeria.common.QueryParams;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.component.PinApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.Excerpt;
import io.pincluster.rest.query.AddOptionsQuery;
import java.util.ArrayList;
import java.util.List;

/** Kubo's command arguments: repeated {@code arg} parameters holding CIDs or {@code /ipfs/...} paths. */
final class KuboArgs {
    /** Most {@code arg}s one call may name: each is a pin through the log. */
    static final int MAX_ARGS = 1000;

    private KuboArgs() {
    }

    /** Every {@code arg}, at least {@code min}; a 400 naming the command when there are fewer or too many. */
    static List<String> args(QueryParams q, String command, int min) {
        List<String> args = q.getAll("arg");
        if (args.size() < min) {
            throw ClusterException.badRequest(command + ": argument \"ipfs-path\" is required");
        }
        if (args.size() > MAX_ARGS) {
            throw ClusterException.badRequest(command + ": at most " + MAX_ARGS + " arguments, not " + args.size());
        }
        return args;
    }

    /** A CID, {@code /ipfs/<cid>[/path]} or {@code /ipld/...}: the CID it names, resolved through the pinset's DAGs. */
    static Cid cid(PinApi pins, String arg) {
        String a = arg.trim();
        if (a.isEmpty()) {
            throw ClusterException.badRequest("empty path");
        }
        if (!a.startsWith("/")) {
            if (a.contains("/")) {
                return pins.resolve("ipfs", a);
            }
            return parse(a);
        }
        String rest = a.substring(1);
        int slash = rest.indexOf('/');
        String namespace = slash < 0 ? rest : rest.substring(0, slash);
        return pins.resolve(namespace, slash < 0 ? "" : rest.substring(slash + 1));
    }

    /** The root CID and the path segments under it, without resolving ({@code cat} resolves in the store). */
    static List<String> segments(String arg) {
        String a = arg.trim();
        if (a.startsWith("/ipfs/")) {
            a = a.substring("/ipfs/".length());
        } else if (a.startsWith("/")) {
            throw ClusterException.badRequest("path '" + Excerpt.of(arg) + "': only /ipfs/ paths can be read");
        }
        List<String> out = new ArrayList<>();
        for (String s : a.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw ClusterException.badRequest("path '" + Excerpt.of(arg) + "' names no CID");
        }
        return out;
    }

    static Cid parse(String s) {
        try {
            return Cid.parse(s);
        } catch (CidParseException e) {
            throw ClusterException.badRequest("invalid path \"" + Excerpt.of(s) + "\": " + e.getMessage());
        }
    }

    static boolean bool(QueryParams q, String name, boolean defaultValue) {
        return AddOptionsQuery.bool(q, name, defaultValue);
    }

    /** A non-negative whole number, or {@code defaultValue} when absent. */
    static long count(QueryParams q, String name, long defaultValue) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw ClusterException.badRequest(name + ": must not be negative, not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ClusterException.badRequest(name + ": '" + Excerpt.of(v) + "' is not a whole number");
        }
    }
}
