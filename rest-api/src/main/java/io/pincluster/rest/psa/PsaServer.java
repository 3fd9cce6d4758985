package io.pincluster.rest.psa;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.core.psa.PsaRecords;
import io.pincluster.rest.auth.LoginThrottle;
import io.pincluster.rest.auth.RestAuth;
import io.pincluster.rest.http.RequestMeters;
import io.pincluster.rest.http.RestTls;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The IPFS Pinning Service API on its own listener (default 127.0.0.1:9097, ipfs-cluster's): wiring only, the
 * routes live in {@link PsaRoutes}. Its tokens are the REST API's ({@code POST /token}), so it needs the REST API's
 * users.
 */
public final class PsaServer implements AutoCloseable {
    private final Server server;

    /**
     * @param auth    the REST API's authentication (its users and token keys); required
     * @param records the pin requests, replicated by the cluster
     * @param api     the cluster: pins, status, peers
     */
    public PsaServer(PsaConfig config, RestAuth auth, PsaRecords records, ClusterApi api, Clock clock) {
        this(config, auth, records, api, clock, io.pincluster.core.psa.ContentSizes.NONE);
    }

    /** As above; {@code sizes} tells the DAG sizes this peer knows, for the tenants' byte quotas (decision 0017). */
    public PsaServer(PsaConfig config, RestAuth auth, PsaRecords records, ClusterApi api, Clock clock,
                     io.pincluster.core.psa.ContentSizes sizes) {
        this(config, auth, records, api, clock, sizes, null);
    }

    /**
     * As above; {@code index} (null: none) answers {@code status}-filtered lists from the answering peer's status
     * index (decision 0023) instead of asking the cluster the status of every candidate. The caller starts and
     * closes it.
     */
    public PsaServer(PsaConfig config, RestAuth auth, PsaRecords records, ClusterApi api, Clock clock,
                     io.pincluster.core.psa.ContentSizes sizes, io.pincluster.core.psa.PsaStatusIndex index) {
        this(config, auth, records, api, clock, sizes, index, RequestMeters.NONE);
    }

    /** As above; {@code meters} records every request as {@code pincluster_http_*} (tag {@code api="psa"}). */
    public PsaServer(PsaConfig config, RestAuth auth, PsaRecords records, ClusterApi api, Clock clock,
                     io.pincluster.core.psa.ContentSizes sizes, io.pincluster.core.psa.PsaStatusIndex index,
                     RequestMeters meters) {
        Objects.requireNonNull(config, "config");
        if (auth == null) {
            throw new IllegalArgumentException("the Pinning Service API needs REST users (restapi."
                    + "basic_auth_credentials): its bearer tokens are theirs");
        }
        ServerBuilder sb = Server.builder();
        RestTls.listen(sb, new InetSocketAddress(config.host(), config.port()), config.sslCertFile(),
                config.sslKeyFile());
        sb.requestTimeout(config.requestTimeout())
                .maxRequestLength(PsaJson.MAX_BODY_BYTES)
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(2))
                .decorator(new PsaAuth(auth.jwt(), new LoginThrottle(LoginThrottle.DEFAULT_BURST,
                        LoginThrottle.DEFAULT_REFILL, clock), records.table()));
        meters.accept(sb); // around authentication: refused requests are measured too
        PsaStatuses statuses = new PsaStatuses(api.status(), api.peers(), clock);
        new PsaRoutes(config, records, new PsaPinset(records.table(), api.pins()), statuses, sizes,
                index).register(sb);
        // Unknown paths and methods, timeouts: the spec's error shape rather than Armeria's plain text.
        sb.errorHandler(new PsaErrorHandler());
        this.server = sb.build();
    }

    public PsaServer start() {
        server.start().join();
        return this;
    }

    public int port() {
        return server.activeLocalPort();
    }

    public void stop() {
        server.stop().join();
    }

    @Override
    public void close() {
        stop();
    }
}
