package io.pincluster.rest.auth;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.rest.http.ErrorResponses;

/**
 * One route's role check, after {@link AuthDecorator} has said who is calling: 403 naming the missing role when
 * the caller's role does not cover it. Without authentication configured there is no caller and no check.
 */
public final class RoleCheck implements DecoratingHttpServiceFunction {
    private final Role required;

    public RoleCheck(Role required) {
        this.required = required;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        AuthDecorator.Caller caller = ctx.attr(AuthDecorator.CALLER);
        if (caller != null && !caller.user().role().covers(required)) {
            return ErrorResponses.of(HttpStatus.FORBIDDEN, "forbidden: this needs the " + required.configName()
                    + " role; user '" + caller.user().name() + "' is " + caller.user().role().configName());
        }
        return delegate.serve(ctx, req);
    }
}
