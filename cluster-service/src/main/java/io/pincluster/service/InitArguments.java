package io.pincluster.service;

import io.pincluster.core.peer.PeerId;
import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ListenAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code pincluster init} command-line arguments into a peer folder and {@link InitOptions}. */
final class InitArguments {
    static final String USAGE = """
            usage: pincluster init <peer folder> [flags]
              --peername NAME        peer name (default: host name)
              --host HOST            address every listener binds to (default 127.0.0.1)
              --rest-port N          REST API port (9094)
              --raft-port N          Raft port (9098)
              --gateway-port N       gateway port (8080)
              --metrics-port N       metrics port (8888)
              --zone ZONE            the peer's zone tag
              --user NAME            REST API user (default admin; needs a password)
              --password-file FILE   REST API password, read from FILE (first line)
              --password PASSWORD    REST API password (visible to other local users; prefer --password-file)
              --secret HEX           cluster secret, 64 hex characters (default: a new random one)
              --peers ID=HOST:PORT,...   the initial cluster's Raft addresses (this peer is added); omit it
                                     for a peer that joins a running cluster (daemon --join)
              -f, --force            replace an existing service.json (the identity is kept)
            """;

    record Parsed(Path peerDir, InitOptions options) {
    }

    private InitArguments() {
    }

    /** @throws ConfigException a flag is unknown, lacks its value, or has a bad value */
    static Parsed parse(String[] args) {
        Path peerDir = null;
        InitOptions o = InitOptions.defaults();
        String user = null;
        String password = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-f") || a.equals("--force")) {
                o = o.withForce(true);
                continue;
            }
            if (!a.startsWith("-")) {
                if (peerDir != null) {
                    throw new ConfigException("init takes one peer folder, got '" + peerDir + "' and '" + a + "'");
                }
                peerDir = Path.of(a);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new ConfigException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--peername" -> o = o.withPeername(v);
                case "--host" -> o = o.withHost(v);
                case "--rest-port" -> o = o.withPorts(port(a, v), o.raftPort(), o.gatewayPort(), o.metricsPort());
                case "--raft-port" -> o = o.withPorts(o.restPort(), port(a, v), o.gatewayPort(), o.metricsPort());
                case "--gateway-port" -> o = o.withPorts(o.restPort(), o.raftPort(), port(a, v), o.metricsPort());
                case "--metrics-port" -> o = o.withPorts(o.restPort(), o.raftPort(), o.gatewayPort(), port(a, v));
                case "--zone" -> o = o.withZone(v);
                case "--user" -> user = v;
                case "--password" -> password = v;
                case "--password-file" -> password = readFirstLine(v);
                case "--secret" -> o = o.withSecret(v);
                case "--peers" -> o = o.withPeers(peers(v));
                default -> throw new ConfigException("unknown flag " + a);
            }
        }
        if (peerDir == null) {
            throw new ConfigException("init needs a peer folder");
        }
        if (user != null && password == null) {
            throw new ConfigException("--user needs --password or --password-file");
        }
        if (password != null) {
            o = o.withBasicAuth(user, password);
        }
        return new Parsed(peerDir, o);
    }

    private static int port(String flag, String v) {
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535) {
                throw new ConfigException(flag + ": port " + p + " is out of range (0-65535)");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new ConfigException(flag + ": '" + v + "' is not a port number");
        }
    }

    private static Map<PeerId, ListenAddress> peers(String v) {
        Map<PeerId, ListenAddress> out = new LinkedHashMap<>();
        for (String entry : v.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--peers: '" + entry + "' is not ID=HOST:PORT");
            }
            try {
                out.put(PeerId.parse(entry.substring(0, eq).trim()), ListenAddress.parse(entry.substring(eq + 1)
                        .trim()));
            } catch (RuntimeException e) {
                throw new ConfigException("--peers: '" + entry + "': " + e.getMessage());
            }
        }
        return out;
    }

    private static String readFirstLine(String file) {
        try {
            String first = Files.readString(Path.of(file), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new ConfigException("--password-file: " + file + " is empty");
            }
            return first;
        } catch (IOException e) {
            throw new ConfigException("--password-file: cannot read " + file + ": " + e.getMessage());
        }
    }
}
