package io.pincluster.rpc;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link WireWriter} wrote. Every length and count is checked against the bytes left before anything
 * is allocated, so a hostile message cannot make it allocate more than its own size. Malformed input is a
 * {@code BAD_REQUEST} {@link ClusterException}.
 */
final class WireReader {
    private final ByteBuffer in;

    WireReader(byte[] data) {
        in = ByteBuffer.wrap(data);
    }

    boolean bool() {
        int b = need(1).get();
        if (b != 0 && b != 1) {
            throw malformed("bad boolean " + b);
        }
        return b == 1;
    }

    int int32() {
        return need(4).getInt();
    }

    long int64() {
        return need(8).getLong();
    }

    /** A count of items that each take at least one byte: never more than the bytes left. */
    int count(String what) {
        int n = int32();
        if (n < 0 || n > in.remaining()) {
            throw malformed(what + " count " + n + " does not fit the " + in.remaining() + " bytes left");
        }
        return n;
    }

    byte[] bytes() {
        int n = count("byte");
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }

    String string() {
        int n = count("string byte");
        ByteBuffer slice = in.slice().limit(n);
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice).toString();
            in.position(in.position() + n);
            return s;
        } catch (CharacterCodingException e) {
            throw malformed("string is not valid UTF-8");
        }
    }

    List<String> strings() {
        int n = count("string");
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(string());
        }
        return out;
    }

    Instant instant() {
        long seconds = int64();
        int nanos = int32();
        try {
            if (nanos < 0 || nanos > 999_999_999) {
                throw new DateTimeException("nanos " + nanos);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw malformed("bad timestamp: " + e.getMessage());
        }
    }

    void expectEnd(String what) {
        if (in.hasRemaining()) {
            throw malformed(in.remaining() + " trailing bytes after " + what);
        }
    }

    static ClusterException malformed(String message) {
        return new ClusterException(ErrorCode.BAD_REQUEST, "malformed RPC message: " + message);
    }

    private ByteBuffer need(int n) {
        if (in.remaining() < n) {
            throw malformed("truncated input");
        }
        return in;
    }
}
