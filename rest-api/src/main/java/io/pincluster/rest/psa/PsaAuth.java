package io.pincluster.rest.psa;

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
import io.pincluster.rest.auth.JwtCodec;
import io.pincluster.rest.auth.LoginThrottle;
import io.pincluster.rest.auth.User;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only with a valid bearer token of the REST API ({@code POST /token}) or a tenant token
 * ({@code POST /tenants/{name}/tokens}, decision 0017), and records who acts in {@link #USER}: the REST user, or for
 * a tenant token the tenant as a {@code pinner} of that name. A tenant record marked disabled refuses both kinds of
 * token for its name (an admin's REST token still acts as admin). The spec knows only bearer tokens, so Basic
 * credentials are refused here (they would also put a password on every request of a long-lived client). Refusals are the spec's {@code Failure}
 * with 401; a client address with too many refused tokens is answered 429, as on the REST API; each refusal is
 * logged at WARN with the client address, never the token. Only {@code GET /health} is open.
 */
final class PsaAuth implements DecoratingHttpServiceFunction {
    private static final Logger LOG = LoggerFactory.getLogger(PsaAuth.class);
    static final AttributeKey<User> USER = AttributeKey.valueOf(PsaAuth.class, "USER");
    private static final String CHALLENGE = "Bearer realm=\"Pinning Service API\"";

    private final JwtCodec jwt;
    private final LoginThrottle throttle;
    private final io.pincluster.core.psa.PsaTable tenants;

    PsaAuth(JwtCodec jwt, LoginThrottle throttle, io.pincluster.core.psa.PsaTable tenants) {
        this.jwt = jwt;
        this.throttle = throttle;
        this.tenants = tenants;
    }

    /** Who a bearer token acts for: a REST user, or a tenant with a record that is not disabled. */
    private Optional<User> actor(String token) {
        Optional<JwtCodec.Verified> rest = jwt.verify(token);
        if (rest.isPresent()) {
            User user = rest.get().user();
            boolean disabled = user.role() != io.pincluster.rest.auth.Role.ADMIN
                    && tenants.tenant(user.name()).map(io.pincluster.core.psa.Tenant::disabled).orElse(false);
            return disabled ? Optional.empty() : Optional.of(user);
        }
        return jwt.verifyTenant(token, name -> tenants.tenant(name).filter(t -> !t.disabled())
                        .map(io.pincluster.core.psa.Tenant::created))
                .map(t -> new User(t.tenant(), io.pincluster.rest.auth.Role.PINNER, TENANT_SECRET));
    }

    /** Tenant tokens carry no password; this never matches one (a User needs a secret). */
    private static final String TENANT_SECRET = "tenant-token";

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if ((req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD) && "/health".equals(ctx.path())) {
            return delegate.serve(ctx, req);
        }
        InetAddress client = ((InetSocketAddress) ctx.remoteAddress()).getAddress();
        Optional<java.time.Duration> wait = throttle.retryAfter(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS)
                    .contentType(MediaType.JSON_UTF_8).add(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds))
                    .build(), com.linecorp.armeria.common.HttpData.wrap(PsaErrors.body("TOO_MANY_REQUESTS",
                    "too many refused tokens from this address")));
        }
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return unauthorized("no access token: send Authorization: Bearer <token> (from the REST API's "
                    + "POST /token)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
            throttle.failed(client);
            LOG.warn("Pinning Service API login refused from {}: not a bearer token", client.getHostAddress());
            return unauthorized("only bearer tokens are accepted (from the REST API's POST /token)");
        }
        Optional<User> token = actor(authorization.substring("Bearer ".length()).trim());
        if (token.isEmpty()) {
            throttle.failed(client);
            LOG.warn("Pinning Service API login refused from {}: an invalid, expired or revoked token",
                    client.getHostAddress());
            return unauthorized("the access token is invalid, expired or revoked");
        }
        ctx.setAttr(USER, token.get());
        return delegate.serve(ctx, req);
    }

    private static HttpResponse unauthorized(String details) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.UNAUTHORIZED).contentType(MediaType.JSON_UTF_8)
                .add(HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE).build(),
                com.linecorp.armeria.common.HttpData.wrap(PsaErrors.body("UNAUTHORIZED", details)));
    }
}
