package io.pincluster.rest.auth;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.token.TokenRevocation;
import io.pincluster.core.token.TokenRevocations;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.json.JsonWire;
import io.pincluster.rest.json.TokenJson;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /token}: a JWT for the user {@link AuthDecorator} let in; 401 when no users are configured.
 * {@code DELETE /token/{jti}}: revokes a token (an admin any token, another user only their own) on every peer; 204
 * once the revocation is committed and in force on this peer (the others refuse the token as soon as they apply
 * it). A peer without a quorum answers 503 and nothing is revoked.
 */
public final class TokenService {
    /**
     * Revocations a user other than an admin may have kept at once. Every revocation is a record in every peer's
     * replicated state until its token expires (up to the longest token lifetime), and the server cannot tell a real
     * token ID from an invented one, so without a cap one user could grow every replica without bound.
     */
    public static final int MAX_REVOCATIONS_PER_USER = 1_000;

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
        if (!TokenRevocation.validTokenId(jti)) {
            return ErrorResponses.of(HttpStatus.BAD_REQUEST, "not a token ID");
        }
        Optional<TokenRevocation> revocation;
        try {
            revocation = jwt.revocation(jti, caller.user());
        } catch (IllegalArgumentException e) {
            return ErrorResponses.of(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        if (revocation.isEmpty()) {
            return HttpResponse.of(HttpStatus.NO_CONTENT); // the token has expired: refused without a revocation
        }
        TokenRevocations revocations = jwt.revocations();
        if (revocations.isRevoked(jti, caller.user().name())) {
            return HttpResponse.of(HttpStatus.NO_CONTENT); // already refused everywhere: no second record
        }
        String owner = revocation.get().owner();
        if (owner != null && revocations.revokedBy(owner) >= MAX_REVOCATIONS_PER_USER) {
            return ErrorResponses.of(HttpStatus.TOO_MANY_REQUESTS, "user '" + owner + "' has "
                    + MAX_REVOCATIONS_PER_USER + " revocations kept already (each until its token expires), the most "
                    + "one user may have; an admin can revoke more");
        }
        // Waits for the Raft log to commit it: not on the event loop.
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> {
            jwt.revocations().revoke(revocation.get());
            return HttpResponse.of(HttpStatus.NO_CONTENT);
        }, ctx.blockingTaskExecutor()).exceptionally(ErrorResponses::of));
    }
}
