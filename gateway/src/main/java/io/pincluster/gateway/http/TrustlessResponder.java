package io.pincluster.gateway.http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import io.pincluster.core.cid.Cid;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.ResolvedNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;

/**
 * The trustless responses of the gateway specs, which a client verifies itself: one raw block, or a CAR v1 of the
 * resolved node's whole DAG (roots = that CID; the blocks of the path above it are not included). Ranges are not
 * applied to these formats; the full representation is always sent.
 */
final class TrustlessResponder {
    private static final MediaType RAW = MediaType.parse("application/vnd.ipld.raw");
    private static final MediaType CAR = MediaType.parse("application/vnd.ipld.car; version=1");
    private static final int CAR_BUFFER = 64 * 1024;

    private final ContentSource content;

    TrustlessResponder(ContentSource content) {
        this.content = content;
    }

    HttpResponse raw(ResolvedNode node, String ipfsPath, RequestHeaders request, boolean head) throws IOException {
        String etag = GatewayResponses.etag(node.cid(), ".raw");
        if (GatewayResponses.matches(request.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return GatewayResponses.notModified(etag, ipfsPath);
        }
        byte[] block = content.rawBlock(node.cid());
        ResponseHeadersBuilder headers = headers(node.cid(), etag, ipfsPath, RAW, ".bin").contentLength(block.length);
        return head ? HttpResponse.of(headers.build()) : HttpResponse.of(headers.build(), HttpData.wrap(block));
    }

    HttpResponse car(ResolvedNode node, String ipfsPath, RequestHeaders request, boolean head,
                     ExecutorService blockingExecutor) throws IOException {
        String etag = GatewayResponses.etag(node.cid(), ".car");
        if (GatewayResponses.matches(request.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return GatewayResponses.notModified(etag, ipfsPath);
        }
        // Checked before the 200 goes out: a missing block is then a clean 404, not a CAR cut short.
        content.checkComplete(node.cid());
        ResponseHeadersBuilder headers = headers(node.cid(), etag, ipfsPath, CAR, ".car");
        if (head) {
            return HttpResponse.of(headers.build());
        }
        Cid root = node.cid();
        StreamMessage<HttpData> body = StreamMessage.fromOutputStream(out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, CAR_BUFFER);
            try {
                content.exportCar(root, buffered);
                buffered.close();
            } catch (IOException e) {
                // Not closing: Armeria aborts the stream, so a partial CAR never looks complete.
                throw new UncheckedIOException(e);
            }
        }, blockingExecutor);
        return HttpResponse.of(headers.build(), body);
    }

    private static ResponseHeadersBuilder headers(Cid cid, String etag, String ipfsPath, MediaType type,
                                                  String extension) {
        return GatewayResponses.content(HttpStatus.OK, etag, ipfsPath)
                .contentType(type)
                .set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + cid + extension + "\"")
                .set(HttpHeaderNames.VARY, "Accept");
    }
}
