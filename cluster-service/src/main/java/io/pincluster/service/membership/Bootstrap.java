package io.pincluster.service.membership;

import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ListenAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@value #ENV}: the cluster RPC address ({@code host:port}) of the peer that new peers join through when started by
 * {@code pincluster run}, the same in every container or unit of a deployment. The peer it names does not join
 * itself: a Kubernetes StatefulSet gives every pod the same variable, and pod {@code pincluster-0} recognises
 * {@code pincluster-0.pincluster-peers:9096} as its own address by the first DNS label, its peer name.
 *
 * @param address the bootstrap peer's cluster RPC
 */
public record Bootstrap(ListenAddress address) {
    public static final String ENV = "PINCLUSTER_BOOTSTRAP";

    /**
     * The bootstrap address the environment gives, or empty when {@value #ENV} is unset or blank.
     *
     * @throws ConfigException the value is not {@code host:port}
     */
    public static Optional<Bootstrap> fromEnv(Map<String, String> env) {
        String value = env.get(ENV);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            ListenAddress a = ListenAddress.parse(value.trim());
            if (a.port() <= 0) {
                throw new IllegalArgumentException("the port must be above 0");
            }
            return Optional.of(new Bootstrap(a));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ENV + ": '" + value + "' is not the host:port of a peer's cluster RPC ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * True when the address is this peer's own: its host's first DNS label is {@code peername} (case-insensitive),
     * or it is exactly {@code ownRpcListen}.
     */
    public boolean isSelf(String peername, ListenAddress ownRpcListen) {
        String host = address.host();
        int dot = host.indexOf('.');
        String label = dot < 0 ? host : host.substring(0, dot);
        return label.toLowerCase(Locale.ROOT).equals(peername.toLowerCase(Locale.ROOT))
                || address.equals(ownRpcListen);
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
