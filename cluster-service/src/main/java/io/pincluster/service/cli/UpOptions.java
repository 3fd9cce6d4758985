package io.pincluster.service.cli;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code pincluster up} was asked for: number of peers, data folder, admin password (null = the
 * stored or a generated one), first port, and how long to wait for the cluster to become ready.
 */
record UpOptions(int peers, Path data, String password, int basePort, Duration startTimeout) {
    static final String SUMMARY = "--peers 3 --data ./.pincluster/up --password P --base-port 9094";
    static final int MAX_PEERS = 9;

    UpOptions {
        if (peers < 1 || peers > MAX_PEERS) {
            throw new IllegalArgumentException("--peers must be between 1 and " + MAX_PEERS + ", not " + peers);
        }
        if (basePort < 1024 || basePort + PeerPorts.STRIDE * peers > 65535) {
            throw new IllegalArgumentException("--base-port must leave room for " + peers + " peers between 1024 and "
                    + "65535 (" + PeerPorts.STRIDE + " ports each), not " + basePort);
        }
        if (password != null && password.isBlank()) {
            throw new IllegalArgumentException("--password must not be empty");
        }
    }

    static UpOptions parse(String[] args) {
        int peers = 3;
        Path data = Path.of(".pincluster", "up");
        String password = null;
        int basePort = PeerPorts.DEFAULT_BASE;
        Duration startTimeout = Duration.ofSeconds(180);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            if (!flag.equals("--peers") && !flag.equals("--data") && !flag.equals("--password")
                    && !flag.equals("--base-port") && !flag.equals("--start-timeout")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            String value = inline;
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--peers" -> peers = number(flag, value);
                case "--data" -> data = Path.of(value);
                case "--password" -> password = value;
                case "--base-port" -> basePort = number(flag, value);
                default -> startTimeout = Duration.ofSeconds(number(flag, value));
            }
        }
        return new UpOptions(peers, data.toAbsolutePath().normalize(), password, basePort, startTimeout);
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, not '" + value + "'");
        }
    }

    Path peerDir(int index) {
        return data.resolve("peer-" + index);
    }

    PeerPorts ports(int index) {
        return PeerPorts.of(basePort, index);
    }

    /** Zones z1, z2, z3 round robin, so the allocator has zones to spread over. */
    static String zone(int index) {
        return "z" + (index % 3 + 1);
    }
}
