package io.pincluster.service.config;

import java.net.InetSocketAddress;

/** A {@code host:port} to listen on or connect to. Port 0 asks the OS for a free port (tests). */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (0-65535)");
        }
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}. */
    public static ListenAddress parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("address is empty");
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + s + "' is not host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + s.substring(colon + 1) + "' is not a number");
        }
        return new ListenAddress(host, port);
    }

    public static ListenAddress loopback(int port) {
        return new ListenAddress("127.0.0.1", port);
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    public ListenAddress withPort(int newPort) {
        return new ListenAddress(host, newPort);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
