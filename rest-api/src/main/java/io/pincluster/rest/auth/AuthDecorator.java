package io.pincluster.rest.auth;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;
import io.pincluster.rest.http.ErrorResponses;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Lets a request through when it carries valid Basic credentials or a valid Bearer token, and records the
 * user in {@link #USER}. {@code OPTIONS} (CORS preflight), {@code GET /health} and {@code GET /health/ready} need no
 * credentials.
 */
public final class AuthDecorator implements DecoratingHttpServiceFunction {
    public static final AttributeKey<String> USER = AttributeKey.valueOf(AuthDecorator.class, "USER");
    static final String BASIC_CHALLENGE = "Basic realm=\"Restricted IPFS Cluster API\"";
    static final String BEARER_CHALLENGE = "Bearer realm=\"Restricted IPFS Cluster API\", error=\"invalid_token\"";

    private final Credentials credentials;
    private final JwtCodec jwt;

    public AuthDecorator(Credentials credentials, JwtCodec jwt) {
        this.credentials = credentials;
        this.jwt = jwt;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if (req.method() == HttpMethod.OPTIONS || (req.method() == HttpMethod.GET && ("/health".equals(ctx.path())
                || io.pincluster.rest.routes.ReadinessRoute.PATH.equals(ctx.path())))) {
            return delegate.serve(ctx, req);
        }
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return unauthorized("unauthorized: no auth provided", false);
        }
        if (startsWithIgnoreCase(authorization, "Bearer ")) {
            Optional<String> user = jwt.verify(authorization.substring("Bearer ".length()).trim());
            if (user.isEmpty()) {
                return unauthorized("unauthorized: invalid token", true);
            }
            ctx.setAttr(USER, user.get());
            return delegate.serve(ctx, req);
        }
        if (startsWithIgnoreCase(authorization, "Basic ")) {
            Optional<String[]> userPassword = decodeBasic(authorization.substring("Basic ".length()).trim());
            if (userPassword.isPresent() && credentials.matches(userPassword.get()[0], userPassword.get()[1])) {
                ctx.setAttr(USER, userPassword.get()[0]);
                return delegate.serve(ctx, req);
            }
        }
        return unauthorized("unauthorized: access denied", false);
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
                .contentType(com.linecorp.armeria.common.MediaType.JSON)
                .add(HttpHeaderNames.WWW_AUTHENTICATE, BASIC_CHALLENGE)
                .add(HttpHeaderNames.WWW_AUTHENTICATE, badToken ? BEARER_CHALLENGE
                        : "Bearer realm=\"Restricted IPFS Cluster API\"")
                .build();
        return ErrorResponses.json(headers, message).toHttpResponse();
    }
}
