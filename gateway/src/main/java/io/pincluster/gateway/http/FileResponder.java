package io.pincluster.gateway.http;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.stream.StreamWriter;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.NotInMemoryException;
import io.pincluster.gateway.content.ResolvedNode;
import java.io.IOException;
import io.pincluster.ipld.unixfs.FileChunks;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;

/**
 * Serves a UnixFS file (or raw block) as bytes: Content-Type, validators, a single byte range, and a body that is
 * read from the store only as fast as the client takes it. A block found missing after the headers went out
 * aborts the stream, so the client sees a broken transfer rather than a short body it might trust.
 *
 * <p>The body is the file's leaves as the content source holds them ({@link ContentSource#openChunks}), each
 * wrapped, not copied, into the response: a file whose verified blocks are in memory goes to the network without a
 * copy of its bytes on the way (profiles of the gateway showed a 256 KiB buffer per read and two copies of every
 * leaf per request as most of what it allocated). A file of one piece, the common small file, is answered whole
 * from the thread that resolved it; a longer one reads its next piece on the blocking executor once the client
 * has taken the last.
 */
final class FileResponder {
    private final ContentSource content;

    FileResponder(ContentSource content) {
        this.content = content;
    }

    /**
     * @param inMemory answering on the event loop through a memory-only source: a body of more than one piece is
     *                 left to the blocking executor ({@link NotInMemoryException}), which streams it
     */
    HttpResponse serve(ResolvedNode file, String name, String ipfsPath, RequestHeaders request, boolean head,
                       ExecutorService blockingExecutor, boolean inMemory) throws IOException {
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
        if (head || length == 0) {
            return HttpResponse.of(headers(file, range, etag, ipfsPath, contentType(file, name, null), length));
        }
        FileChunks chunks = content.openChunks(file.cid(), offset, length);
        ByteBuffer first;
        try {
            first = chunks.nextChunk();
            if (first == null) {
                throw new IOException("file " + file.cid() + " ended before its first byte");
            }
        } catch (NotInMemoryException e) {
            closeQuietly(chunks);
            throw e;
        } catch (IOException | RuntimeException e) {
            // As for any later piece: the headers go out, then the broken transfer.
            closeQuietly(chunks);
            return HttpResponse.of(headers(file, range, etag, ipfsPath, contentType(file, name, null), length),
                    StreamMessage.aborted(e));
        }
        // The first piece starts the file when no range moved it: sniff the type from it instead of reading again.
        ResponseHeaders headers = headers(file, range, etag, ipfsPath,
                contentType(file, name, offset == 0 ? first : null), length);
        if (first.remaining() >= length) {
            closeQuietly(chunks);
            return HttpResponse.of(headers, wrap(first));
        }
        if (inMemory) {
            closeQuietly(chunks);
            throw NotInMemoryException.INSTANCE;
        }
        StreamWriter<HttpData> body = StreamMessage.streaming();
        new Pump(chunks, body, blockingExecutor).write(first);
        return HttpResponse.of(headers, body);
    }

    private static ResponseHeaders headers(ResolvedNode file, ByteRange range, String etag, String ipfsPath,
                                           String contentType, long length) {
        ResponseHeadersBuilder headers = GatewayResponses
                .content(range == null ? HttpStatus.OK : HttpStatus.PARTIAL_CONTENT, etag, ipfsPath)
                .contentType(MediaType.parse(contentType))
                .set(HttpHeaderNames.ACCEPT_RANGES, "bytes")
                .contentLength(length);
        if (range != null) {
            headers.set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(file.size()));
        }
        return headers.build();
    }

    private static HttpData wrap(ByteBuffer piece) {
        return HttpData.wrap(piece.array(), piece.arrayOffset() + piece.position(), piece.remaining());
    }

    private static void closeQuietly(FileChunks chunks) {
        try {
            chunks.close();
        } catch (IOException | RuntimeException e) {
            // Nothing is left to read from it; closing only releases what it holds.
        }
    }

    /**
     * Writes a file's pieces to the response one at a time: the next is read (on the blocking executor: it may
     * need disk or a peer) once the client has taken the last, so memory stays at one piece per response however
     * slow the client. A failure aborts the response.
     */
    private static final class Pump {
        private final FileChunks chunks;
        private final StreamWriter<HttpData> out;
        private final ExecutorService executor;

        Pump(FileChunks chunks, StreamWriter<HttpData> out, ExecutorService executor) {
            this.chunks = chunks;
            this.out = out;
            this.executor = executor;
            out.whenComplete().handle((ok, failure) -> {
                closeQuietly(chunks); // the client went away, or the body is done
                return null;
            });
        }

        void write(ByteBuffer piece) {
            if (!out.tryWrite(wrap(piece))) {
                return; // the stream was closed or aborted: whenComplete released the pieces
            }
            out.whenConsumed().thenRunAsync(this::next, executor);
        }

        private void next() {
            ByteBuffer piece;
            try {
                piece = chunks.nextChunk();
            } catch (IOException | RuntimeException e) {
                out.abort(e);
                return;
            }
            if (piece == null) {
                out.close();
            } else {
                write(piece);
            }
        }
    }

    /** The type by name, else sniffed from {@code head} when it holds the file's first bytes, else read. */
    private String contentType(ResolvedNode file, String name, ByteBuffer head) throws IOException {
        String byName = ContentTypes.byName(name);
        if (byName != null) {
            return byName;
        }
        int n = (int) Math.min(ContentTypes.SNIFF_LENGTH, file.size());
        if (head != null && head.remaining() >= n) {
            byte[] start = new byte[n];
            head.duplicate().get(start);
            return n == 0 ? ContentTypes.TEXT : ContentTypes.sniff(start);
        }
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
