package io.pincluster.rest.routes;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * {@code GET /health/live}: 200 {@code {"live":true}} whenever the process serves HTTP, whatever the cluster's state.
 * An orchestrator restarts a peer that stops answering it; it must not restart one that merely has no leader or a
 * full disk (that is {@link ReadinessRoute}'s job, which takes it out of rotation instead). Needs no credentials.
 * Answered on the event loop: it touches nothing else, so a blocked worker pool does not make a live peer look dead.
 */
public final class LivenessRoute implements HttpService {
    public static final String PATH = "/health/live";
    private static final byte[] LIVE = "{\"live\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON, LIVE);
    }
}
