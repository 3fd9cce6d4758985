package io.pincluster.rpc;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;

/** A peer RPC address, {@code host:port} or {@code [ipv6]:port}. */
record HostPort(String host, int port) {
    static HostPort parse(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new ClusterException(ErrorCode.BAD_REQUEST, "peer RPC address '" + address + "' is not host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, port);
        } catch (NumberFormatException e) {
            throw new ClusterException(ErrorCode.BAD_REQUEST, "peer RPC address '" + address + "' has a bad port");
        }
    }
}
