package io.pincluster.rest.auth;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.json.TokenJson;

/**
 * {@code POST /token}: a JWT for the user {@link AuthDecorator} let in; 401 when no users are configured.
 * {@code DELETE /token/{jti}}: revokes a token (an admin any token, another user only their own); 204.
 */
public final class TokenService {
    private final JwtCodec jwt;

    /** {@code jwt} null means authentication is off, so there is no one to issue a token to. */
    public TokenService(JwtCodec jwt) {
        this.jwt = jwt;
    }

    public HttpService issue() {
        return (ctx, req) -> {
            AuthDecorator.Caller caller = ctx.attr(AuthDecorator.CALLER);
            if (jwt == null || caller == null) {
                return ErrorResponses.of(HttpStatus.UNAUTHORIZED, "unauthorized");
            }
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON,
                    JsonWire.bytes(new TokenJson(jwt.issue(caller.user()))));
        };
    }

    public HttpService revoke() {
        return this::revoke;
    }

    private HttpResponse revoke(ServiceRequestContext ctx, HttpRequest req) {
        AuthDecorator.Caller caller = ctx.attr(AuthDecorator.CALLER);
        if (jwt == null || caller == null) {
            return ErrorResponses.of(HttpStatus.UNAUTHORIZED, "unauthorized");
        }
        String jti = ctx.pathParam("jti");
        if (!RevocationList.validId(jti)) {
            return ErrorResponses.of(HttpStatus.BAD_REQUEST, "not a token ID");
        }
        // Writes the list's file: not on the event loop.
        return HttpResponse.of(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                jwt.revocations().revoke(jti, caller.user().name(), caller.user().role() == Role.ADMIN);
                return HttpResponse.of(HttpStatus.NO_CONTENT);
            } catch (IllegalStateException e) {
                return ErrorResponses.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
            }
        }, ctx.blockingTaskExecutor()));
    }
}
