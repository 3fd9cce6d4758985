package io.pincluster.gateway.http;

import com.linecorp.armeria.common.QueryParams;
import io.pincluster.gateway.content.DirectoryEntry;
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
    /** Entries on one listing page; {@code ?page=N} (from 0) continues, and each page links to the next. */
    static final int PAGE_SIZE = 1000;

    private final ContentSource content;
    private final FileResponder files;

    DirectoryResponder(ContentSource content, FileResponder files) {
        this.content = content;
        this.files = files;
    }

    HttpResponse serve(ResolvedNode dir, GatewayPath path, String query, RequestHeaders request, boolean head,
                       ExecutorService blockingExecutor) throws IOException, GatewayRequestException {
        String dirPath = path.contentPath();
        if (!path.trailingSlash()) {
            String location = dirPath + "/" + (query == null || query.isEmpty() ? "" : "?" + query);
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.MOVED_PERMANENTLY)
                    .set(HttpHeaderNames.LOCATION, location)
                    .build());
        }
        ResolvedNode index = findIndex(dir);
        if (index != null) {
            return files.serve(index, INDEX, dirPath + "/", request, head, blockingExecutor, false);
        }
        int page = page(query);
        // The page depends on this software as well as on the CID, so its validator is not the bare CID.
        String etag = "\"DirIndex-" + dir.cid() + (page == 0 ? "" : "-page" + page) + "\"";
        if (GatewayResponses.matches(request.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return GatewayResponses.notModified(etag, dirPath + "/");
        }
        List<DirectoryEntry> entries = content.list(dir.cid());
        long from = (long) page * PAGE_SIZE;
        if (from > 0 && from >= entries.size()) {
            throw new GatewayRequestException(HttpStatus.NOT_FOUND, "the listing has no page " + page + " ("
                    + entries.size() + " entries, " + PAGE_SIZE + " a page)");
        }
        int end = (int) Math.min(entries.size(), from + PAGE_SIZE);
        Integer next = end < entries.size() ? page + 1 : null;
        byte[] body = DirectoryListingPage.render(dirPath, entries.subList((int) from, end), next)
                .getBytes(StandardCharsets.UTF_8);
        ResponseHeaders headers = GatewayResponses.content(HttpStatus.OK, etag, dirPath + "/")
                .set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=604800")
                .contentType(MediaType.HTML_UTF_8)
                .contentLength(body.length)
                .build();
        return head ? HttpResponse.of(headers) : HttpResponse.of(headers, HttpData.wrap(body));
    }

    /** The {@code page} query parameter; absent is page 0. */
    private static int page(String query) throws GatewayRequestException {
        String value = query == null ? null : QueryParams.fromQueryString(query).get("page");
        if (value == null) {
            return 0;
        }
        try {
            int page = Integer.parseInt(value);
            if (page < 0) {
                throw new NumberFormatException();
            }
            return page;
        } catch (NumberFormatException e) {
            throw GatewayRequestException.badRequest("page: '" + io.pincluster.core.error.Excerpt.of(value)
                    + "' is not a page number (0, 1, ...)");
        }
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
