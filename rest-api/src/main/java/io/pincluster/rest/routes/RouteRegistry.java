package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.HttpService;

/** Where route groups put their handlers; the server adds authentication and body limits. */
public interface RouteRegistry {
    /** {@code pathPattern} is an Armeria path pattern ({@code /pins/{cid}}, {@code regex:...}). */
    void add(HttpMethod method, String pathPattern, HttpService service);
}
