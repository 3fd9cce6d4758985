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

/** {@code POST /token}: a JWT for the user {@link AuthDecorator} let in; 401 when no users are configured. */
public final class TokenService implements HttpService {
    private final JwtCodec jwt;

    /** {@code jwt} null means authentication is off, so there is no one to issue a token to. */
    public TokenService(JwtCodec jwt) {
        this.jwt = jwt;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        String user = ctx.attr(AuthDecorator.USER);
        if (jwt == null || user == null) {
            return ErrorResponses.of(HttpStatus.UNAUTHORIZED, "unauthorized");
        }
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON, JsonWire.bytes(new TokenJson(jwt.issue(user))));
    }
}
