package io.pincluster.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * A gRPC marshaller that sends a domain value as its protobuf message and reads it back through the message's
 * mapper. The whole message is read into one array first (messages are bounded by the channel's maximum message
 * size), so protobuf checks every length against the bytes actually there before it allocates. Bytes that do not
 * parse, and messages whose fields do not map to a valid value, are a {@link WireScalars#malformed malformed}
 * {@code BAD_REQUEST}. Fields the message type does not declare (a newer peer's) are skipped by the mapper.
 *
 * @param <T> what the RPC layer hands over (a domain type, or the message itself)
 * @param <M> the message on the wire
 */
final class ProtoMarshaller<T, M extends Message> implements MethodDescriptor.Marshaller<T> {
    private final M prototype;
    private final Function<T, M> toMessage;
    private final Function<M, T> fromMessage;

    /** {@code prototype}: the message's default instance, which parses it and names it. */
    ProtoMarshaller(M prototype, Function<T, M> toMessage, Function<M, T> fromMessage) {
        this.prototype = prototype;
        this.toMessage = toMessage;
        this.fromMessage = fromMessage;
    }

    /** For messages the RPC layer uses as they are (the empty requests and answers). */
    static <M extends Message> ProtoMarshaller<M, M> of(M prototype) {
        return new ProtoMarshaller<>(prototype, Function.identity(), Function.identity());
    }

    /** The full protobuf name of the message on the wire, as the {@code .proto} files declare it. */
    String messageType() {
        return prototype.getDescriptorForType().getFullName();
    }

    @Override
    public InputStream stream(T value) {
        return new ByteArrayInputStream(toMessage.apply(value).toByteArray());
    }

    @Override
    public T parse(InputStream stream) {
        byte[] bytes;
        try {
            bytes = stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        M message;
        try {
            @SuppressWarnings("unchecked") // a message's parser parses messages of its own type
            M parsed = (M) prototype.getParserForType().parseFrom(bytes);
            message = parsed;
        } catch (InvalidProtocolBufferException e) {
            throw WireScalars.malformed(messageType() + ": " + e.getMessage());
        }
        return fromMessage.apply(message);
    }
}
