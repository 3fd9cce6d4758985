package io.pincluster.it.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc/net/tcp{,6}} and the process's
 * {@code /proc/<pid>/fd} links (the kernel's own view, not what the process claims).
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    /** One listening socket: its local address and port. */
    record Socket(InetAddress address, int port) {
    }

    private ListeningSockets() {
    }

    static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
    }

    static List<Socket> of(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        List<Socket> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    out.add(parse(f[1]));
                }
            }
        }
        return out;
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor was closed while we listed them
                }
            }
        }
        return inodes;
    }

    /** {@code 0100007F:1F90}: the address as 32-bit words in host (little-endian) order, the port in hex. */
    private static Socket parse(String hexAddressAndPort) throws IOException {
        String[] parts = hexAddressAndPort.split(":");
        byte[] raw = HexFormat.of().parseHex(parts[0]);
        byte[] address = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int b = 0; b < 4; b++) {
                address[word + b] = raw[word + 3 - b];
            }
        }
        return new Socket(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
    }
}
