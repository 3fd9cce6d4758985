package io.pincluster.rpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps failures across the wire: a handler's {@link ClusterException} travels as a gRPC status plus its
 * {@link ErrorCode} in the trailers, so the caller rethrows the same code; transport failures become
 * {@code UNAVAILABLE} and a refused TLS handshake (either side refused the other's certificate)
 * {@code UNAUTHORIZED}, always naming the peer.
 */
final class RpcErrors {
    static final Metadata.Key<String> CODE = Metadata.Key.of("x-pincluster-error", Metadata.ASCII_STRING_MARSHALLER);
    private static final Logger LOG = LoggerFactory.getLogger(RpcErrors.class);

    private RpcErrors() {
    }

    /** Server side: the status a handler failure is sent as. */
    static StatusRuntimeException toStatus(Throwable failure, String method) {
        Metadata trailers = new Metadata();
        if (failure instanceof ClusterException ce) {
            trailers.put(CODE, ce.code().name());
            return grpcStatus(ce.code()).withDescription(ce.getMessage()).asRuntimeException(trailers);
        }
        LOG.warn("{} failed unexpectedly", method, failure);
        trailers.put(CODE, ErrorCode.INTERNAL.name());
        return Status.INTERNAL.withDescription("internal error: " + failure).asRuntimeException(trailers);
    }

    /** Client side: the exception a failed call to {@code peer} is thrown as. */
    static ClusterException fromStatus(StatusRuntimeException e, String peer) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        Metadata trailers = e.getTrailers();
        String code = trailers == null ? null : trailers.get(CODE);
        if (code != null) {
            return new ClusterException(parse(code), "peer " + peer + ": " + description, e);
        }
        if (status.getCode() == Status.Code.UNAVAILABLE && tlsFailure(e)) {
            return new ClusterException(ErrorCode.UNAUTHORIZED, "peer " + peer + ": TLS handshake refused ("
                    + "another cluster, a removed peer, or not the peer expected there): " + description, e);
        }
        return switch (status.getCode()) {
            case UNAUTHENTICATED -> new ClusterException(ErrorCode.UNAUTHORIZED,
                    "peer " + peer + " refused our credentials: " + description, e);
            case DEADLINE_EXCEEDED -> new ClusterException(ErrorCode.UNAVAILABLE,
                    "peer " + peer + " did not answer in time: " + description, e);
            case UNAVAILABLE, CANCELLED -> new ClusterException(ErrorCode.UNAVAILABLE,
                    "peer " + peer + " is unreachable: " + description, e);
            // A peer of an older build has no such method yet: during a rolling upgrade the caller treats it like a
            // peer that cannot answer (it falls back or asks another) instead of reporting an internal failure.
            case UNIMPLEMENTED -> new ClusterException(ErrorCode.UNAVAILABLE,
                    "peer " + peer + " does not support this call (an older version?): " + description, e);
            case RESOURCE_EXHAUSTED -> new ClusterException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "peer " + peer + ": " + description, e);
            default -> new ClusterException(ErrorCode.INTERNAL,
                    "peer " + peer + " failed: " + status.getCode() + " " + description, e);
        };
    }

    private static boolean tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    private static ErrorCode parse(String code) {
        try {
            return ErrorCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return ErrorCode.INTERNAL;
        }
    }

    private static Status grpcStatus(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> Status.INVALID_ARGUMENT;
            case UNAUTHORIZED -> Status.PERMISSION_DENIED;
            case NOT_FOUND -> Status.NOT_FOUND;
            case CONFLICT -> Status.ALREADY_EXISTS;
            case PAYLOAD_TOO_LARGE, INSUFFICIENT_STORAGE -> Status.RESOURCE_EXHAUSTED;
            case NO_QUORUM, UNAVAILABLE -> Status.UNAVAILABLE;
            case TIMEOUT -> Status.DEADLINE_EXCEEDED;
            case INTERNAL -> Status.INTERNAL;
        };
    }
}
