package io.pincluster.gateway.http;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.ResolvedNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;

/**
 * Serves a UnixFS file (or raw block) as bytes: Content-Type, validators, a single byte range, and a body that is
 * read from the store only as fast as the client takes it. A block found missing after the headers went out
 * aborts the stream, so the client sees a broken transfer rather than a short body it might trust.
 */
final class FileResponder {
    /** Bytes per read from the file stream; about one UnixFS chunk. */
    private static final int CHUNK = 256 * 1024;

    private final ContentSource content;

    FileResponder(ContentSource content) {
        this.content = content;
    }

    HttpResponse serve(ResolvedNode file, String name, String ipfsPath, RequestHeaders request, boolean head,
                       ExecutorService blockingExecutor) throws IOException {
        String etag = GatewayResponses.etag(file.cid(), null);
        if (GatewayResponses.matches(request.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return GatewayResponses.notModified(etag, ipfsPath);
        }
        long size = file.size();
        ByteRange range;
        try {
            range = ByteRange.parse(request.get(HttpHeaderNames.RANGE), size);
        } catch (ByteRange.UnsatisfiableException e) {
            return unsatisfiable(size, e.getMessage());
        }
        long offset = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        ResponseHeadersBuilder headers = GatewayResponses
                .content(range == null ? HttpStatus.OK : HttpStatus.PARTIAL_CONTENT, etag, ipfsPath)
                .contentType(MediaType.parse(contentType(file, name)))
                .set(HttpHeaderNames.ACCEPT_RANGES, "bytes")
                .contentLength(length);
        if (range != null) {
            headers.set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(size));
        }
        if (head || length == 0) {
            return HttpResponse.of(headers.build());
        }
        InputStream body = content.openFile(file.cid(), offset, length);
        StreamMessage<com.linecorp.armeria.common.HttpData> stream = StreamMessage.builder(body)
                .executor(blockingExecutor)
                .bufferSize(CHUNK)
                .build();
        return HttpResponse.of(headers.build(), stream);
    }

    private String contentType(ResolvedNode file, String name) throws IOException {
        String byName = ContentTypes.byName(name);
        if (byName != null) {
            return byName;
        }
        int n = (int) Math.min(ContentTypes.SNIFF_LENGTH, file.size());
        if (n == 0) {
            return ContentTypes.TEXT;
        }
        try (InputStream in = content.openFile(file.cid(), 0, n)) {
            return ContentTypes.sniff(in.readNBytes(n));
        }
    }

    private static HttpResponse unsatisfiable(long size, String message) {
        HttpResponse error = GatewayResponses.error(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, message);
        return error.mapHeaders(h -> h.toBuilder().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size).build());
    }
}
