package io.pincluster.connector.kubo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A {@code multipart/form-data} body with one file part, as Kubo's upload commands ({@code block/put}) expect. */
record Multipart(byte[] bytes, String contentType) {

    static Multipart singleFile(String fieldName, byte[] content) {
        String boundary = "pincluster-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + fieldName + "\"; filename=\"" + fieldName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Multipart(out.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }
}
