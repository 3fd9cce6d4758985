package io.pincluster.rest.dashboard;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import io.pincluster.rest.http.ErrorResponses;
import io.pincluster.rest.routes.RouteRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /dashboard} (the page) and {@code GET /dashboard/{file}} (its script and style sheet). The files are read
 * from this jar once, when the server is built, so a missing resource fails the start rather than a browser later.
 * Any other file name is a 404: the route serves these files only, never a path a caller picks.
 */
public final class DashboardRoutes {
    public static final String PAGE_PATH = "/dashboard";
    public static final String FILE_PATH = "/dashboard/{file}";

    /**
     * Same-origin everything: the page loads its own script and style and talks to this peer's API only, so a
     * value shown on it (a peer name, a move's reason) can never pull in or run anything else.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Asset page;
    private final Map<String, Asset> files;

    public DashboardRoutes() {
        this.page = Asset.load("index.html", MediaType.HTML_UTF_8);
        this.files = Map.of(
                "dashboard.js", Asset.load("dashboard.js", MediaType.TEXT_JAVASCRIPT_UTF_8),
                "dashboard.css", Asset.load("dashboard.css", MediaType.CSS_UTF_8));
    }

    public void register(RouteRegistry routes) {
        routes.add(HttpMethod.GET, PAGE_PATH, (ctx, req) -> page.response());
        routes.add(HttpMethod.GET, FILE_PATH, (ctx, req) -> {
            Asset asset = files.get(ctx.pathParam("file"));
            return asset == null ? ErrorResponses.of(HttpStatus.NOT_FOUND, "not found: the dashboard has "
                    + String.join(", ", new java.util.TreeSet<>(files.keySet()))) : asset.response();
        });
    }

    /** One file of the page, its bytes and type. */
    private record Asset(byte[] bytes, MediaType type) {
        static Asset load(String name, MediaType type) {
            try (InputStream in = DashboardRoutes.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard resource " + name + " is missing from the jar");
                }
                return new Asset(in.readAllBytes(), type);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard resource " + name, e);
            }
        }

        HttpResponse response() {
            ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK).contentType(type)
                    // Always asked again: a peer upgraded to a newer page must not be shown with an older script.
                    .add(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                    .add(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                    .add(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                    .add(HttpHeaderNames.REFERRER_POLICY, "no-referrer")
                    .build();
            return HttpResponse.of(headers, com.linecorp.armeria.common.HttpData.wrap(bytes));
        }
    }
}
