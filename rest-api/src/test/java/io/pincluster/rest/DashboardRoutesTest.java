package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.rest.auth.Role;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /dashboard} and its two files: behind the credentials (a reader may look), served from the jar with a
 * same-origin content security policy, and referring to nothing outside this peer. What the page shows is tested in
 * a browser against a real cluster (cluster-service's {@code DashboardBrowserTest}).
 */
class DashboardRoutesTest extends RestTestSupport {
    private static final List<String> FILES = List.of("/dashboard", "/dashboard/dashboard.js",
            "/dashboard/dashboard.css");

    @Override
    RestConfig config() {
        return RestConfig.defaults().withCredentials(Map.of("admin", "secret-a", "viewer", "secret-v"))
                .withSecurity(RestSecurity.defaults().withRoles(Map.of("viewer", Role.READER)));
    }

    @Test
    void everyFileNeedsCredentials() {
        for (String path : FILES) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).as(path).doesNotContain("<html").doesNotContain("fetch(");
        }
    }

    @Test
    void aReaderGetsThePageItsScriptAndItsStyleWithTheirTypes() {
        auth = basic("viewer", "secret-v");
        Map<String, String> types = Map.of("/dashboard", "text/html", "/dashboard/dashboard.js", "text/javascript",
                "/dashboard/dashboard.css", "text/css");
        for (String path : FILES) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).as(path).hasValueSatisfying(t ->
                    assertThat(t).startsWith(types.get(path)).contains("charset=utf-8"));
            assertThat(r.headers().firstValue("content-security-policy")).as(path).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'").contains("script-src 'self'")
                            .contains("connect-src 'self'"));
            assertThat(r.headers().firstValue("x-content-type-options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("cache-control")).as(path).contains("no-cache");
        }
    }

    @Test
    void thePageLoadsOnlyItsOwnFiles() {
        auth = basic("viewer", "secret-v");
        String html = send("GET", "/dashboard").body();
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        List<String> found = new java.util.ArrayList<>();
        while (refs.find()) {
            found.add(refs.group(1));
        }
        assertThat(found).containsExactlyInAnyOrder("/dashboard/dashboard.css", "/dashboard/dashboard.js");
        for (String path : FILES) {
            assertThat(send("GET", path).body()).as("%s names no other host", path).doesNotContain("://");
        }
    }

    @Test
    void theScriptPollsOnlyRoutesThisServerHas() {
        auth = basic("viewer", "secret-v");
        String script = send("GET", "/dashboard/dashboard.js").body();
        Matcher paths = Pattern.compile("path: '([^'?]+)").matcher(script);
        List<String> polled = new java.util.ArrayList<>();
        while (paths.find()) {
            polled.add(paths.group(1));
        }
        assertThat(polled).contains("/peers", "/health/repair", "/health/moves", "/health/alerts", "/pins");
        for (String path : polled) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.statusCode()).as("GET %s answers a reader: %s", path, r.body()).isIn(200, 204);
        }
    }

    @Test
    void anyOtherFileIsANotFoundJsonError() {
        auth = basic("viewer", "secret-v");
        for (String path : List.of("/dashboard/index.html", "/dashboard/dashboard.js.map", "/dashboard/pom.xml")) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(json(r.body()).get("code").asInt()).as(path).isEqualTo(404);
        }
        // A way out of the folder is refused before any route sees it.
        HttpResponse<String> r = send("GET", "/dashboard/..%2FRestApiServer.class");
        assertThat(r.statusCode()).isBetween(400, 404);
        assertThat(r.body()).doesNotContain("class");
    }
}
