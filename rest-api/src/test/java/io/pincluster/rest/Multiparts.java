package io.pincluster.rest;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds Kubo-style multipart bodies the way go-ipfs-files does: URL-escaped paths, x-directory parts. */
final class Multiparts {
    static final String BOUNDARY = "h4boundary0123456789";

    private Multiparts() {
    }

    record Part(String path, byte[] content) {
        boolean directory() {
            return content == null;
        }
    }

    static Part file(String path, String content) {
        return new Part(path, content.getBytes(StandardCharsets.UTF_8));
    }

    static Part directory(String path) {
        return new Part(path, null);
    }

    static byte[] body(Part... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            String escaped = URLEncoder.encode(p.path(), StandardCharsets.UTF_8);
            String head = "--" + BOUNDARY + "\r\n"
                    + "Content-Disposition: form-data; name=\"file\"; filename=\"" + escaped + "\"\r\n"
                    + "Content-Type: " + (p.directory() ? "application/x-directory" : "application/octet-stream")
                    + "\r\n\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            if (!p.directory()) {
                out.writeBytes(p.content());
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static HttpResponse<String> post(RestTestSupport test, String path, Part... parts) {
        return test.send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body(parts)),
                Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY));
    }
}
