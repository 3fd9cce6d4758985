package io.pincluster.rest.proxy;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.core.component.ContentApi;
import io.pincluster.rest.RestConfig;
import io.pincluster.rest.auth.RestAuth;
import io.pincluster.rest.auth.Role;
import io.pincluster.rest.auth.RoleCheck;
import io.pincluster.rest.http.RestErrorHandler;
import io.pincluster.rest.http.RequestMeters;
import io.pincluster.rest.http.RestTls;
import io.pincluster.rest.query.AddOptionsQuery;
import io.pincluster.rest.query.PinOptionsQuery;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPFS proxy: Kubo's {@code /api/v0} commands on their own listener, acting on the cluster. Wiring only; each
 * command lives in its own class. Every command is {@code POST} (any other method is 405, as Kubo answers), needs the
 * REST API's credentials (Basic or a {@code POST /token} bearer token) and a role: reading needs {@code reader},
 * changing the pinset {@code pinner}, a cluster-wide GC {@code admin}. Errors are Kubo's
 * {@code {"Message","Code","Type":"error"}} ({@link KuboErrors}).
 */
public final class IpfsProxyServer implements AutoCloseable {
    /** Kubo's RPC prefix. */
    public static final String PREFIX = "/api/v0/";

    private final Server server;
    private final List<String> commands = new ArrayList<>();

    /**
     * @param rest    the REST API's settings: body limits, timeouts (the proxy serves the same users)
     * @param auth    the REST API's authentication ({@link RestAuth#of}), shared; null = open (no users configured)
     * @param content this peer's store, for {@code cat} and {@code repo/stat}
     */
    public IpfsProxyServer(ProxyConfig config, RestConfig rest, ClusterApi api, ContentApi content, RestAuth auth,
                           Clock clock) {
        this(config, rest, api, content, auth, clock, RequestMeters.NONE);
    }

    /** As above; {@code meters} records every command as {@code pincluster_http_*} (tag {@code api="proxy"}). */
    public IpfsProxyServer(ProxyConfig config, RestConfig rest, ClusterApi api, ContentApi content, RestAuth auth,
                           Clock clock, RequestMeters meters) {
        ServerBuilder sb = Server.builder();
        RestTls.listen(sb, new InetSocketAddress(config.host(), config.port()), config.sslCertFile(),
                config.sslKeyFile());
        sb.requestTimeout(rest.requestTimeout())
                .idleTimeout(rest.idleTimeout())
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(2))
                .http1MaxHeaderSize(rest.maxHeaderBytes())
                .maxRequestLength(rest.maxRequestBodyBytes())
                .errorHandler(new RestErrorHandler(KuboErrors::aggregated));
        if (auth != null) {
            sb.decorator(auth.decorator());
        }
        meters.accept(sb); // around authentication: refused commands are measured too
        sb.decorator(new KuboErrors()); // outermost: reshapes the errors of authentication too
        PinOptionsQuery pinOptions = new PinOptionsQuery(clock);
        PinCommands pins = new PinCommands(api.pins(), pinOptions);
        AddCommand add = new AddCommand(api.adds(), new AddOptionsQuery(pinOptions), rest.idleTimeout());
        BlockCommands blocks = new BlockCommands(api.adds(), pinOptions, rest.idleTimeout());
        RepoCommands repo = new RepoCommands(content, api.gc());
        InfoCommands info = new InfoCommands(api.peers());
        CatCommand cat = new CatCommand(content);
        long uploadLimit = rest.maxAddBytes();
        long blockLimit = Math.min(rest.maxAddBytes(), 4L << 20); // one block and its multipart framing
        long small = rest.maxRequestBodyBytes();
        command(sb, "add", Role.PINNER, uploadLimit, add::serve);
        command(sb, "pin/add", Role.PINNER, small, pins::add);
        command(sb, "pin/rm", Role.PINNER, small, pins::rm);
        command(sb, "pin/update", Role.PINNER, small, pins::update);
        command(sb, "pin/ls", Role.READER, small, pins::ls);
        command(sb, "block/put", Role.PINNER, blockLimit, blocks::blockPut);
        command(sb, "dag/put", Role.PINNER, blockLimit, blocks::dagPut);
        command(sb, "cat", Role.READER, small, cat::serve);
        command(sb, "repo/stat", Role.READER, small, repo::stat);
        command(sb, "repo/gc", Role.ADMIN, small, repo::gc);
        command(sb, "id", Role.READER, small, info::id);
        command(sb, "version", Role.READER, small, info::version);
        this.server = sb.build();
    }

    private void command(ServerBuilder sb, String name, Role role, long maxBody, HttpService service) {
        String path = PREFIX + name;
        sb.route().path(path).methods(HttpMethod.POST).maxRequestLength(maxBody)
                .build(service.decorate(new RoleCheck(role)));
        List<HttpMethod> others = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE,
                HttpMethod.PATCH, HttpMethod.OPTIONS);
        // Kubo answers 405 to anything but POST (a browser page must not trigger commands with a GET or a form).
        sb.route().path(path).methods(others).build((ctx, req) -> KuboErrors.of(HttpStatus.METHOD_NOT_ALLOWED,
                "405 - Method Not Allowed: " + name + " takes POST"));
        commands.add(name);
    }

    /** Binds and starts serving; returns once the port is bound. */
    public IpfsProxyServer start() {
        server.start().join();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.activeLocalPort();
    }

    /** The commands served, without the prefix. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Stops accepting, lets in-flight requests end, and releases the port. */
    public void stop() {
        server.stop().join();
    }

    @Override
    public void close() {
        stop();
    }
}
