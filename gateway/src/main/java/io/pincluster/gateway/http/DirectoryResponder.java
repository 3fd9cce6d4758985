package io.pincluster.gateway.http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import io.pincluster.gateway.content.ContentPathNotFoundException;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.NodeKind;
import io.pincluster.gateway.content.ResolvedNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Serves a UnixFS directory: its {@code index.html} when it has one, else an HTML listing. A directory asked for
 * without a trailing slash is redirected to the slash form first (301), as gateways do, so relative links in the
 * page resolve inside the directory.
 */
final class DirectoryResponder {
    private static final String INDEX = "index.html";

    private final ContentSource content;
    private final FileResponder files;

    DirectoryResponder(ContentSource content, FileResponder files) {
        this.content = content;
        this.files = files;
    }

    HttpResponse serve(ResolvedNode dir, GatewayPath path, String query, RequestHeaders request, boolean head,
                       ExecutorService blockingExecutor) throws IOException {
        String dirPath = path.contentPath();
        if (!path.trailingSlash()) {
            String location = dirPath + "/" + (query == null || query.isEmpty() ? "" : "?" + query);
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.MOVED_PERMANENTLY)
                    .set(HttpHeaderNames.LOCATION, location)
                    .build());
        }
        ResolvedNode index = findIndex(dir);
        if (index != null) {
            return files.serve(index, INDEX, dirPath + "/", request, head, blockingExecutor);
        }
        // The page depends on this software as well as on the CID, so its validator is not the bare CID.
        String etag = "\"DirIndex-" + dir.cid() + "\"";
        if (GatewayResponses.matches(request.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return GatewayResponses.notModified(etag, dirPath + "/");
        }
        byte[] page = DirectoryListingPage.render(dirPath, content.list(dir.cid())).getBytes(StandardCharsets.UTF_8);
        ResponseHeaders headers = GatewayResponses.content(HttpStatus.OK, etag, dirPath + "/")
                .set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=604800")
                .contentType(MediaType.HTML_UTF_8)
                .contentLength(page.length)
                .build();
        return head ? HttpResponse.of(headers) : HttpResponse.of(headers, HttpData.wrap(page));
    }

    private ResolvedNode findIndex(ResolvedNode dir) throws IOException {
        try {
            ResolvedNode index = content.resolve(dir.cid(), List.of(INDEX));
            return index.kind() == NodeKind.FILE ? index : null;
        } catch (ContentPathNotFoundException e) {
            return null;
        }
    }
}
