package io.pincluster.gateway.http;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.gateway.content.ContentNotHeldException;
import io.pincluster.gateway.content.ContentPathNotFoundException;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.InvalidContentException;
import io.pincluster.gateway.content.NotInMemoryException;
import io.pincluster.gateway.content.ResolvedNode;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code GET/HEAD /ipfs/{cid}[/path]} endpoint. A request the content source can answer from memory (its
 * {@link ContentSource#inMemory() memory-only view}: a file of one piece, a raw block, whose blocks are kept
 * verified in memory) is answered on the event loop, without a thread hop; any other, or one that turns out to need
 * disk or a peer part-way, is answered (again, from the start) on Armeria's blocking task executor, so the event
 * loop never blocks on disk or peers. Every failure becomes a status with a JSON body naming the problem:
 * <ul>
 *   <li>400: malformed CID, unsafe or malformed path, unknown {@code format};</li>
 *   <li>404: not under {@code /ipfs/}, path not in the DAG, or a block not held by this peer (a corrupt stored
 *       block is quarantined by the store and counts as not held; it is logged);</li>
 *   <li>406: a node that exists but has no deserialized form here (symlink, non-UnixFS codec): use raw or car;</li>
 *   <li>422: a block that hashes right but is not valid dag-pb/UnixFS (logged);</li>
 *   <li>500: only for storage I/O failures and bugs, with a generic message (logged, no stack trace sent).</li>
 * </ul>
 */
public final class GatewayService implements HttpService {
    private static final Logger log = LoggerFactory.getLogger(GatewayService.class);

    private final ContentSource content;
    private final FileResponder files;
    private final DirectoryResponder directories;
    private final TrustlessResponder trustless;
    private final ContentSource memory; // null: every request goes to the blocking executor
    private final FileResponder memoryFiles;
    private final TrustlessResponder memoryTrustless;

    public GatewayService(ContentSource content) {
        this.content = content;
        this.files = new FileResponder(content);
        this.directories = new DirectoryResponder(content, files);
        this.trustless = new TrustlessResponder(content);
        this.memory = content.inMemory();
        this.memoryFiles = memory == null ? null : new FileResponder(memory);
        this.memoryTrustless = memory == null ? null : new TrustlessResponder(memory);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        HttpMethod method = req.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return GatewayResponses.error(HttpStatus.METHOD_NOT_ALLOWED, "the gateway is read-only: GET and HEAD only")
                    .mapHeaders(h -> h.toBuilder().set(HttpHeaderNames.ALLOW, "GET, HEAD").build());
        }
        if (memory != null) {
            try {
                return handle(ctx, req.headers(), true);
            } catch (NotInMemoryException e) {
                // Needs disk or a peer: answered from the start where blocking is allowed.
            }
        }
        return HttpResponse.of(CompletableFuture.supplyAsync(() -> handle(ctx, req.headers(), false),
                ctx.blockingTaskExecutor()));
    }

    /** The raw path as received may carry the query; a literal '?' always starts it. */
    private static String pathOnly(String rawPath) {
        int q = rawPath.indexOf('?');
        return q < 0 ? rawPath : rawPath.substring(0, q);
    }

    /**
     * @param inMemory answer through the memory-only view, on the event loop: throws {@link NotInMemoryException}
     *                 when that cannot answer without blocking (directories and CARs are never answered there)
     */
    private HttpResponse handle(ServiceRequestContext ctx, RequestHeaders request, boolean inMemory) {
        boolean head = request.method() == HttpMethod.HEAD;
        ContentSource content = inMemory ? memory : this.content;
        FileResponder files = inMemory ? memoryFiles : this.files;
        TrustlessResponder trustless = inMemory ? memoryTrustless : this.trustless;
        try {
            GatewayPath path = GatewayPath.parse(pathOnly(ctx.rawPath()));
            if (ctx.queryParams().getAll("format").size() > 1) {
                throw GatewayRequestException.badRequest("format: given more than once; give it once");
            }
            ResponseFormat format = ResponseFormat.select(ctx.queryParam("format"), request.get(HttpHeaderNames.ACCEPT));
            ResolvedNode node = content.resolve(path.root(), path.segments());
            if (inMemory && (format == ResponseFormat.CAR || (format == ResponseFormat.DESERIALIZED
                    && node.kind() == io.pincluster.gateway.content.NodeKind.DIRECTORY))) {
                throw NotInMemoryException.INSTANCE; // whole DAGs and listings: on the blocking executor
            }
            String ipfsPath = path.contentPath() + (path.trailingSlash() ? "/" : "");
            if (format != ResponseFormat.DESERIALIZED || node.kind() == io.pincluster.gateway.content.NodeKind.FILE) {
                ctx.clearRequestTimeout(); // a streamed body, with backpressure: as long as the client reads
            }
            return switch (format) {
                case RAW -> trustless.raw(node, ipfsPath, request, head);
                case CAR -> trustless.car(node, ipfsPath, request, head, ctx.blockingTaskExecutor());
                case DESERIALIZED -> switch (node.kind()) {
                    case FILE -> files.serve(node, path.lastName(), ipfsPath, request, head,
                            ctx.blockingTaskExecutor(), inMemory);
                    case DIRECTORY -> directories.serve(node, path, ctx.query(), request, head,
                            ctx.blockingTaskExecutor());
                    case OTHER -> GatewayResponses.error(HttpStatus.NOT_ACCEPTABLE, "node " + node.cid()
                            + " is not a UnixFS file or directory; ask for ?format=raw or ?format=car");
                };
            };
        } catch (GatewayRequestException e) {
            return GatewayResponses.error(e.status(), e.getMessage());
        } catch (ContentNotHeldException | ContentPathNotFoundException e) {
            return GatewayResponses.error(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (InvalidContentException e) {
            log.warn("invalid content for {}: {}", ctx.path(), e.getMessage());
            return GatewayResponses.error(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        } catch (IOException e) {
            log.warn("storage failure serving {}", ctx.path(), e);
            return GatewayResponses.error(HttpStatus.INTERNAL_SERVER_ERROR, "storage error while reading content");
        } catch (NotInMemoryException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("bug serving {}", ctx.path(), e);
            return GatewayResponses.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }
}
