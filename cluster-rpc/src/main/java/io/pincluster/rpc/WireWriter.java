package io.pincluster.rpc;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Writes the primitive fields of RPC messages: big-endian numbers, length-prefixed bytes and UTF-8 strings. */
final class WireWriter {
    private final ByteArrayOutputStream buffer;
    private final DataOutputStream out;

    WireWriter(int initialCapacity) {
        buffer = new ByteArrayOutputStream(initialCapacity);
        out = new DataOutputStream(buffer);
    }

    WireWriter bool(boolean v) {
        return run(() -> out.writeBoolean(v));
    }

    WireWriter int32(int v) {
        return run(() -> out.writeInt(v));
    }

    WireWriter int64(long v) {
        return run(() -> out.writeLong(v));
    }

    WireWriter bytes(byte[] b) {
        return run(() -> {
            out.writeInt(b.length);
            out.write(b);
        });
    }

    WireWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    WireWriter strings(List<String> list) {
        int32(list.size());
        list.forEach(this::string);
        return this;
    }

    WireWriter instant(Instant t) {
        return int64(t.getEpochSecond()).int32(t.getNano());
    }

    int size() {
        return buffer.size();
    }

    byte[] toByteArray() {
        return buffer.toByteArray();
    }

    private WireWriter run(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; this only satisfies the DataOutput signature.
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private interface IoAction {
        void run() throws IOException;
    }
}
