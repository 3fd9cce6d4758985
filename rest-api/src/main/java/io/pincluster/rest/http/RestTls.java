package io.pincluster.rest.http;

import com.linecorp.armeria.server.ServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Plain HTTP, or HTTPS from a PEM certificate chain and PKCS#8 key (ipfs-cluster's {@code ssl_cert_file}/{@code ssl_key_file}). */
public final class RestTls {
    private RestTls() {
    }

    /** Listens on {@code address} with TLS when both files are given, plain HTTP when neither is. */
    public static void listen(ServerBuilder sb, InetSocketAddress address, Path certFile, Path keyFile) {
        if (certFile == null && keyFile == null) {
            sb.http(address);
            return;
        }
        if (certFile == null || keyFile == null) {
            throw new IllegalArgumentException("ssl_cert_file and ssl_key_file go together");
        }
        for (Path p : new Path[] {certFile, keyFile}) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("cannot read TLS file " + p);
            }
        }
        sb.https(address).tls(certFile.toFile(), keyFile.toFile());
    }
}
