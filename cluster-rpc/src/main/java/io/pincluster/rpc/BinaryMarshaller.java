package io.pincluster.rpc;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A gRPC marshaller over {@link WireWriter}/{@link WireReader}: the message is written whole into a byte array
 * (messages are bounded by the channel's maximum message size) and must be read to its last byte.
 */
final class BinaryMarshaller<T> implements MethodDescriptor.Marshaller<T> {
    private final String name;
    private final BiConsumer<WireWriter, T> writer;
    private final Function<WireReader, T> reader;

    BinaryMarshaller(String name, BiConsumer<WireWriter, T> writer, Function<WireReader, T> reader) {
        this.name = name;
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public InputStream stream(T value) {
        WireWriter w = new WireWriter(128);
        writer.accept(w, value);
        return new ByteArrayInputStream(w.toByteArray());
    }

    @Override
    public T parse(InputStream stream) {
        try {
            WireReader r = new WireReader(stream.readAllBytes());
            T value = reader.apply(r);
            r.expectEnd(name);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw bytes (block data), without copying through a codec. */
    static MethodDescriptor.Marshaller<byte[]> raw() {
        return new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
