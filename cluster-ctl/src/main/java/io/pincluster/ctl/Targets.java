package io.pincluster.ctl;

import io.pincluster.core.cid.Cid;

/** Turns what the user typed as a pin target (a CID, or an /ipfs|ipns|ipld path) into an API path. */
final class Targets {
    private Targets() {
    }

    /** Checks a CID argument and returns it in canonical string form. */
    static String cid(String arg) {
        try {
            return Cid.parse(arg).toString();
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + arg + "' is not a CID: " + e.getMessage());
        }
    }

    /**
     * {@code /pins/<cid>} for a CID, or {@code /pins/ipfs/<path>} (and ipns, ipld) for a path, the route
     * ipfs-cluster resolves through the node.
     */
    static String pinPath(String arg) {
        for (String ns : new String[] {"/ipfs/", "/ipns/", "/ipld/"}) {
            if (arg.startsWith(ns) && arg.length() > ns.length()) {
                StringBuilder path = new StringBuilder("/pins").append(ns, 0, ns.length() - 1);
                for (String segment : arg.substring(ns.length()).split("/")) {
                    if (!segment.isEmpty()) {
                        path.append('/').append(Query.encode(segment));
                    }
                }
                return path.toString();
            }
        }
        return "/pins/" + cid(arg);
    }
}
