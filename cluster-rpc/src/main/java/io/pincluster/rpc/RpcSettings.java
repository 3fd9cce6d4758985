package io.pincluster.rpc;

import java.time.Duration;

/**
 * Limits of the peer RPC.
 *
 * @param callTimeout     deadline of a unary call (connection included)
 * @param streamTimeout   deadline of a whole status stream (it may carry a million entries)
 * @param connectTimeout  how long opening a TCP connection to a peer may take
 * @param maxMessageBytes largest message accepted either way; must fit the largest block plus a little
 * @param statusBatchSize status entries per streamed message
 */
public record RpcSettings(Duration callTimeout, Duration streamTimeout, Duration connectTimeout, int maxMessageBytes,
                          int statusBatchSize) {
    public RpcSettings {
        requirePositive(callTimeout, "callTimeout");
        requirePositive(streamTimeout, "streamTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        if (maxMessageBytes < 64 * 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 64 KiB, not " + maxMessageBytes);
        }
        if (statusBatchSize < 1) {
            throw new IllegalArgumentException("statusBatchSize must be positive, not " + statusBatchSize);
        }
    }

    public static RpcSettings defaults() {
        return new RpcSettings(Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofSeconds(5),
                8 * 1024 * 1024, 256);
    }

    public RpcSettings withCallTimeout(Duration d) {
        return new RpcSettings(d, streamTimeout, connectTimeout, maxMessageBytes, statusBatchSize);
    }

    public RpcSettings withConnectTimeout(Duration d) {
        return new RpcSettings(callTimeout, streamTimeout, d, maxMessageBytes, statusBatchSize);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
