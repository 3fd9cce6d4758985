package io.pincluster.connector.kubo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed answer read lazily as newline-delimited JSON; blank lines (js-ipfs ends with one) are skipped. A
 * stream-level error object ({@code {"Message":..,"Type":"error"}}) in the middle is thrown as a
 * {@link KuboRpcException}. Closing the stream closes the connection.
 */
final class NdjsonLines {
    private final InputStream body;
    private final KuboRpc rpc;
    private final String command;

    NdjsonLines(InputStream body, KuboRpc rpc, String command) {
        this.body = body;
        this.rpc = rpc;
        this.command = command;
    }

    Stream<JsonNode> stream() {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        Iterator<JsonNode> it = new Iterator<>() {
            private JsonNode next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                try {
                    String line;
                    do {
                        line = reader.readLine();
                    } while (line != null && line.isBlank());
                    if (line == null) {
                        return false;
                    }
                    next = parse(line);
                    return true;
                } catch (IOException e) {
                    throw rpc.unavailable(command, e);
                }
            }

            @Override
            public JsonNode next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                JsonNode n = next;
                next = null;
                return n;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private JsonNode parse(String line) {
        JsonNode n;
        try {
            n = rpc.json().readTree(line);
        } catch (IOException e) {
            throw KuboJson.bad(command, "invalid JSON line: " + e.getMessage());
        }
        if (n.has("Message") && "error".equals(n.path("Type").asText())) {
            throw new KuboRpcException(command, 200, n.get("Message").asText());
        }
        return n;
    }
}
