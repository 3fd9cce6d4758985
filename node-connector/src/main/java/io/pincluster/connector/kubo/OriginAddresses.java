package io.pincluster.connector.kubo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of a pin's {@code origins} the daemon is asked to {@code swarm/connect} to (decision 0025). Only the
 * dialable shape is accepted: {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>/p2p/<peer id>} (or the older
 * {@code /ipfs/<peer id>}); anything else (no peer ID, other transports, relay circuits, stray text) is skipped, so
 * a user's origins can never make the daemon do more than a plain connect. Loopback and private addresses are
 * allowed: the daemon decides what it may dial (its {@code Swarm.AddrFilters}), and tests run on loopback.
 */
public final class OriginAddresses {
    /** The most origins of one pin that are dialled: a pin's origins are hints, not a list to work through. */
    public static final int MAX_DIALLED = 4;

    private static final Pattern SHAPE = Pattern.compile(
            "/(ip4|ip6|dns|dns4|dns6)/([^/]{1,253})/tcp/(\\d{1,5})/(?:p2p|ipfs)/([A-Za-z0-9]{32,128})");
    private static final Pattern IP4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IP6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern DNS = Pattern.compile("[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})*\\.?");
    /** Peer IDs: base58btc ({@code Qm…}, {@code 12D3Koo…}), CIDv1 in base32 ({@code b…}) or base36 ({@code k…}). */
    private static final Pattern PEER_ID = Pattern.compile(
            "[1-9A-HJ-NP-Za-km-z]{40,60}|b[a-z2-7]{50,120}|k[0-9a-z]{40,120}");

    private OriginAddresses() {
    }

    /** Whether {@code multiaddr} has the dialable shape above. */
    public static boolean dialable(String multiaddr) {
        if (multiaddr == null) {
            return false;
        }
        Matcher m = SHAPE.matcher(multiaddr);
        if (!m.matches()) {
            return false;
        }
        String proto = m.group(1);
        String host = m.group(2);
        boolean hostOk = switch (proto) {
            case "ip4" -> IP4.matcher(host).matches();
            case "ip6" -> IP6.matcher(host).matches() && host.contains(":");
            default -> DNS.matcher(host).matches();
        };
        int port = Integer.parseInt(m.group(3));
        return hostOk && port >= 1 && port <= 65535 && PEER_ID.matcher(m.group(4)).matches();
    }

    /** The peer ID of a dialable multiaddr. */
    public static Optional<String> peerId(String multiaddr) {
        if (!dialable(multiaddr)) {
            return Optional.empty();
        }
        return Optional.of(multiaddr.substring(multiaddr.lastIndexOf('/') + 1));
    }

    /**
     * The origins to dial, in the order given: dialable ones only, each once, at most {@link #MAX_DIALLED}. What
     * is left out is the caller's to count.
     */
    public static List<String> toDial(Collection<String> origins) {
        Set<String> picked = new LinkedHashSet<>();
        for (String o : origins) {
            if (picked.size() == MAX_DIALLED) {
                break;
            }
            if (dialable(o)) {
                picked.add(o);
            }
        }
        return new ArrayList<>(picked);
    }
}
