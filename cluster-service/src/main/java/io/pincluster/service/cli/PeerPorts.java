package io.pincluster.service.cli;

/**
 * The ports of peer {@code i} in a local cluster: each peer gets a block of {@link #STRIDE} ports starting
 * at {@code base + STRIDE * i}, laid out like ipfs-cluster's defaults, so peer 0 with base 9094 gets REST
 * 9094, the IPFS proxy 9095, cluster RPC 9096, the Pinning Service API 9097 and Raft 9098 (ipfs-cluster's ports),
 * then gateway 9099 and metrics 9100.
 */
record PeerPorts(int rest, int raft, int gateway, int metrics, int rpc, int psa, int proxy) {
    static final int DEFAULT_BASE = 9094;
    static final int STRIDE = 10;

    static PeerPorts of(int base, int index) {
        int b = base + STRIDE * index;
        return new PeerPorts(b, b + 4, b + 5, b + 6, b + 2, b + 3, b + 1);
    }

    String restUrl() {
        return "http://127.0.0.1:" + rest;
    }

    String psaUrl() {
        return "http://127.0.0.1:" + psa;
    }

    /** The IPFS proxy's base URL; Kubo clients take it as their API address. */
    String proxyUrl() {
        return "http://127.0.0.1:" + proxy;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gateway;
    }

    String metricsUrl() {
        return "http://127.0.0.1:" + metrics + "/metrics";
    }
}
