package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.service.cli.CliRunner;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.MetricsSection;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer initialised with {@code init --tls}: the REST API, the gateway and the metrics endpoint answer HTTPS with
 * the self-signed pair, the client commands talk to it with {@code --ca-file} (or {@code --no-check-certificate})
 * and refuse it otherwise, and the metrics endpoint gives nothing away without credentials, OPTIONS included.
 */
@Timeout(120)
class HttpsPeerTest {
    private static final String PASSWORD = "https-test-password";

    @TempDir
    Path dir;

    @Test
    void initTlsServesHttpsAndTheCliTalksToIt() throws Exception {
        InitCommand.InitResult init = InitCommand.run(dir, InitOptions.defaults().withPorts(0, null, 0, 0)
                .withBasicAuth("admin", PASSWORD).withTls(true));
        Path cert = dir.resolve(InitCommand.TLS_CERT);
        assertThat(cert).exists();
        assertThat(Files.getPosixFilePermissions(dir.resolve(InitCommand.TLS_KEY)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        ServiceConfig written = ServiceConfigFile.load(init.configFile(), Map.of());
        assertThat(written.restapi().sslCertFile()).isEqualTo(InitCommand.TLS_CERT);
        assertThat(written.gateway().sslKeyFile()).isEqualTo(InitCommand.TLS_KEY);
        assertThat(written.metrics().sslCertFile()).isEqualTo(InitCommand.TLS_CERT);

        ServiceConfig base = TestPeers.config("https");
        ServiceConfig config = base.withCluster(base.cluster().withRpc(ListenAddress.loopback(0), Map.of()))
                .withRestapi(base.restapi().withBasicAuth(Map.of("admin", PASSWORD))
                        .withTls(written.restapi().sslCertFile(), written.restapi().sslKeyFile()))
                .withGateway(base.gateway().withTls(written.gateway().sslCertFile(), written.gateway().sslKeyFile()))
                .withMetrics(new MetricsSection(true, ListenAddress.loopback(0)).withTls(InitCommand.TLS_CERT,
                        InitCommand.TLS_KEY));
        try (ClusterAssembly peer = ClusterAssembly.start(dir, config, IdentityFile.read(init.identityFile()))) {
            URI rest = peer.restUrl();
            assertThat(rest.getScheme()).isEqualTo("https");
            HttpClient trusting = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).sslContext(trusting(cert)).build();

            HttpResponse<String> id = trusting.send(HttpRequest.newBuilder(rest.resolve("/id"))
                    .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(id.statusCode()).isEqualTo(200);
            assertThat(id.body()).contains(peer.peerId().toString());

            URI gateway = peer.gatewayUrl().orElseThrow();
            assertThat(gateway.getScheme()).isEqualTo("https");
            assertThat(trusting.send(HttpRequest.newBuilder(gateway.resolve("/ipfs/not-a-cid")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);

            URI metrics = peer.metricsUrl().orElseThrow();
            assertThat(metrics.getScheme()).isEqualTo("https");
            HttpResponse<String> options = trusting.send(HttpRequest.newBuilder(metrics)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(options.statusCode()).isEqualTo(401);
            assertThat(options.body()).doesNotContain("jvm_").doesNotContain("pincluster_");
            assertThat(trusting.send(HttpRequest.newBuilder(metrics).header("Authorization", basic()).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("jvm_memory_used_bytes");

            // Without trusting the self-signed certificate, a client refuses the server.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(rest.resolve("/id")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);

            String host = "127.0.0.1:" + rest.getPort();
            CliRunner trusted = CliRunner.run("id", "--host", host, "--https", "--ca-file", cert.toString(),
                    "--basic-auth", "admin:" + PASSWORD, "--enc", "json");
            assertThat(trusted.exitCode()).as(trusted.err()).isZero();
            assertThat(trusted.out()).contains(peer.peerId().toString());
            CliRunner unchecked = CliRunner.run("id", "--host", rest.toString(), "--no-check-certificate",
                    "--basic-auth", "admin:" + PASSWORD);
            assertThat(unchecked.exitCode()).as(unchecked.err()).isZero();
            CliRunner untrusted = CliRunner.run("id", "--host", host, "--https", "--basic-auth", "admin:" + PASSWORD);
            assertThat(untrusted.exitCode()).isEqualTo(1);
            assertThat(untrusted.err()).startsWith("error:");
        }
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static SSLContext trusting(Path certFile) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certFile)) {
            ks.setCertificateEntry("self", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

}
