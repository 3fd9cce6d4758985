package io.pincluster.rest.proxy;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.multipart.Multipart;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.rest.routes.MultipartUploads;
import java.time.Duration;

/** Opens a command's multipart body the way the REST {@code /add} does, part by part. */
final class Uploads {
    private Uploads() {
    }

    /** Checks the body is multipart with a boundary and under the route's limit; the caller subscribes later. */
    static void check(ServiceRequestContext ctx, HttpRequest req, String command) {
        MediaType type = req.contentType();
        if (type == null || !type.is(MediaType.MULTIPART_FORM_DATA)) {
            throw ClusterException.badRequest(command + ": needs a multipart/form-data body");
        }
        String boundary = type.parameters().getOrDefault("boundary", java.util.List.of()).stream().findFirst().orElse(null);
        if (boundary == null || boundary.isEmpty()) {
            throw ClusterException.badRequest(command + ": the multipart/form-data content type has no boundary");
        }
        long declared = req.headers().contentLength();
        if (ctx.maxRequestLength() > 0 && declared > ctx.maxRequestLength()) {
            throw new ClusterException(ErrorCode.PAYLOAD_TOO_LARGE, command + ": upload of " + declared
                    + " bytes is larger than the limit of " + ctx.maxRequestLength() + " bytes");
        }
    }

    /** The parts of {@code req}, read on demand from a blocking thread. */
    static MultipartUploads open(ServiceRequestContext ctx, HttpRequest req, Duration partTimeout) {
        MultipartUploads parts = new MultipartUploads(partTimeout);
        Multipart.from(req).bodyParts().subscribe(parts, ctx.eventLoop());
        return parts;
    }
}
