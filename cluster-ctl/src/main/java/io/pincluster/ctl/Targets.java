package io.pincluster.ctl;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;

/**
 * Checks what the user typed as a target (a CID, an /ipfs|ipns|ipld path, a peer ID) before any request, and turns
 * it into its canonical form or API path.
 */
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

    /** Checks a peer ID argument; the canonical form is also safe inside JSON and a path. */
    static String peerId(String arg) {
        try {
            return PeerId.parse(arg).toString();
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + arg + "' is not a peer ID: " + e.getMessage());
        }
    }
}
