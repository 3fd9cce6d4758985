package io.pincluster.rest.auth;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.routes.LivenessRoute;
import io.pincluster.rest.routes.ReadinessRoute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through when it carries valid Basic credentials or a valid Bearer token, and records who made
 * it in {@link #USER} and {@link #CALLER}. Only the health checks ({@code GET /health}, {@code GET /health/ready},
 * {@code GET /health/live}) need no credentials: every other method and route, {@code OPTIONS} included, is
 * refused without them (a CORS preflight from an allowed origin is answered by the CORS decorator around this one
 * and carries no data). A client address with too many failed logins is
 * answered 429 with {@code Retry-After}; every failure is logged at WARN with the client address and the first
 * characters of the user name, never the password or token.
 */
public final class AuthDecorator implements DecoratingHttpServiceFunction {
    private static final Logger LOG = LoggerFactory.getLogger(AuthDecorator.class);
    public static final AttributeKey<String> USER = AttributeKey.valueOf(AuthDecorator.class, "USER");
    public static final AttributeKey<Caller> CALLER = AttributeKey.valueOf(AuthDecorator.class, "CALLER");
    static final String BASIC_CHALLENGE = "Basic realm=\"Restricted IPFS Cluster API\"";
    static final String BEARER_CHALLENGE = "Bearer realm=\"Restricted IPFS Cluster API\", error=\"invalid_token\"";
    private static final int LOGGED_NAME_CHARS = 16;
    /** What a tenant token gets here: it is valid, on another API (decision 0017). */
    static final String TENANT_TOKEN_HERE = "unauthorized: this is a tenant token, valid only on the Pinning Service"
            + " API (its own port, by default the REST port + 3); this API takes a user's password or a token from"
            + " POST /token";


    /** Who is calling: the user, and the token's ID when they came with a token (null for Basic). */
    public record Caller(User user, String tokenId) {
    }

    private final Credentials credentials;
    private final JwtCodec jwt;
    private final LoginThrottle throttle;

    public AuthDecorator(Credentials credentials, JwtCodec jwt, LoginThrottle throttle) {
        this.credentials = credentials;
        this.jwt = jwt;
        this.throttle = throttle;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if (isHealthCheck(ctx, req)) {
            return delegate.serve(ctx, req);
        }
        InetAddress client = clientAddress(ctx);
        Optional<Duration> wait = throttle.retryAfter(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS)
                    .contentType(MediaType.JSON).add(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds)).build();
            return ErrorResponses.json(headers, "too many failed logins from this address").toHttpResponse();
        }
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return unauthorized("unauthorized: no auth provided", false);
        }
        if (startsWithIgnoreCase(authorization, "Bearer ")) {
            Optional<JwtCodec.Verified> token = jwt.verify(authorization.substring("Bearer ".length()).trim());
            if (token.isEmpty() && jwt.isTenantToken(authorization.substring("Bearer ".length()).trim())) {
                return failed(client, "a tenant token", null, true, TENANT_TOKEN_HERE);
            }
            if (token.isEmpty()) {
                return failed(client, "an invalid, expired or revoked token", null, true);
            }
            return let(delegate, ctx, req, new Caller(token.get().user(), token.get().jti()));
        }
        if (startsWithIgnoreCase(authorization, "Basic ")) {
            Optional<String[]> userPassword = decodeBasic(authorization.substring("Basic ".length()).trim());
            if (userPassword.isPresent() && credentials.isCostly(userPassword.get()[0], userPassword.get()[1])) {
                // A password hash takes a few hundred milliseconds: not on the event loop, which serves everyone.
                String[] up = userPassword.get();
                return HttpResponse.of(CompletableFuture.supplyAsync(() -> credentials.authenticate(up[0], up[1]),
                        ctx.blockingTaskExecutor()).thenApplyAsync(user -> basicResult(delegate, ctx, req, client,
                        user, up[0]), ctx.eventLoop()));
            }
            Optional<User> user = userPassword.flatMap(up -> credentials.authenticate(up[0], up[1]));
            return basicResult(delegate, ctx, req, client, user, userPassword.map(up -> up[0]).orElse(null));
        }
        return failed(client, "an unknown authorization scheme", null, false);
    }

    private HttpResponse basicResult(HttpService delegate, ServiceRequestContext ctx, HttpRequest req,
                                     InetAddress client, Optional<User> user, String userName) {
        if (user.isEmpty()) {
            return failed(client, "a wrong user name or password", userName, false);
        }
        try {
            return let(delegate, ctx, req, new Caller(user.get(), null));
        } catch (Exception e) {
            return HttpResponse.ofFailure(e);
        }
    }

    /**
     * {@code GET /health}, {@code /health/ready} and {@code /health/live} (and {@code HEAD}): the only routes a load
     * balancer or an orchestrator may probe without credentials.
     */
    static boolean isHealthCheck(ServiceRequestContext ctx, HttpRequest req) {
        return (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD)
                && ("/health".equals(ctx.path()) || ReadinessRoute.PATH.equals(ctx.path())
                || LivenessRoute.PATH.equals(ctx.path()));
    }

    private static HttpResponse let(HttpService delegate, ServiceRequestContext ctx, HttpRequest req, Caller caller)
            throws Exception {
        ctx.setAttr(CALLER, caller);
        ctx.setAttr(USER, caller.user().name());
        return delegate.serve(ctx, req);
    }

    private HttpResponse failed(InetAddress client, String what, String userName, boolean badToken) {
        return failed(client, what, userName, badToken,
                badToken ? "unauthorized: invalid token" : "unauthorized: access denied");
    }

    private HttpResponse failed(InetAddress client, String what, String userName, boolean badToken, String answer) {
        throttle.failed(client);
        LOG.warn("REST login refused from {}: {}{}", client.getHostAddress(), what,
                userName == null ? "" : " (user '" + loggable(userName) + "')");
        return unauthorized(answer, badToken);
    }

    /** The first characters of a user name, printable ASCII only: enough to recognise, not to forge log lines. */
    static String loggable(String userName) {
        String cut = userName.length() > LOGGED_NAME_CHARS ? userName.substring(0, LOGGED_NAME_CHARS) + "…" : userName;
        return cut.replaceAll("[^\\x20-\\x7E…]", "?");
    }

    /** The TCP peer: forwarding headers are not trusted, so a client cannot pick its own bucket. */
    private static InetAddress clientAddress(ServiceRequestContext ctx) {
        return ((InetSocketAddress) ctx.remoteAddress()).getAddress();
    }

    private static Optional<String[]> decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static HttpResponse unauthorized(String message, boolean badToken) {
        ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.UNAUTHORIZED)
                .contentType(MediaType.JSON)
                .add(HttpHeaderNames.WWW_AUTHENTICATE, BASIC_CHALLENGE)
                .add(HttpHeaderNames.WWW_AUTHENTICATE, badToken ? BEARER_CHALLENGE
                        : "Bearer realm=\"Restricted IPFS Cluster API\"")
                .build();
        return ErrorResponses.json(headers, message).toHttpResponse();
    }
}
