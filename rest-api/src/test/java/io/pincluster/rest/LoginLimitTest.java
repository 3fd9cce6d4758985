package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pincluster.rest.auth.AuthDecorator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Failed logins: limited per client address (429 with Retry-After) and logged without secrets. */
class LoginLimitTest extends RestTestSupport {
    static final String PASSWORD = "s3cret-Password-Value";
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger authLog = (Logger) LoggerFactory.getLogger(AuthDecorator.class);

    @Override
    RestConfig config() {
        return RestConfig.defaults().withCredentials(Map.of("alice", PASSWORD))
                .withSecurity(RestSecurity.defaults().withLoginLimit(3, Duration.ofMinutes(1)));
    }

    @BeforeEach
    void captureLog() {
        logged.start();
        authLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        authLog.detachAppender(logged);
    }

    @Test
    void afterTheBurstAnAddressGets429AndAnotherAddressIsUnaffected() throws IOException {
        String token = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJhbGljZSJ9.c2lnbmF0dXJlLW9mLWEtZ3Vlc3M";
        auth = basic("alice-with-a-very-long-name-indeed", PASSWORD + "x");
        assertThat(send("GET", "/id").statusCode()).isEqualTo(401);
        auth = token;
        assertThat(send("GET", "/id").statusCode()).isEqualTo(401);
        auth = basic("alice", "wrong-guess");
        assertThat(send("GET", "/id").statusCode()).isEqualTo(401);
        auth = basic("alice", PASSWORD); // even the right password waits now
        HttpResponse<String> limited = send("GET", "/id");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
        assertThat(json(limited.body()).get("code").asInt()).isEqualTo(429);
        assertThat(send("GET", "/health").statusCode()).as("health checks are never limited").isEqualTo(204);

        assertThat(statusFrom("127.0.0.2", basic("alice", PASSWORD))).isEqualTo(200);

        assertThat(logged.list).hasSize(3);
        for (ILoggingEvent e : logged.list) {
            assertThat(e.getLevel().toString()).isEqualTo("WARN");
            assertThat(e.getFormattedMessage()).contains("127.0.0.1").doesNotContain(PASSWORD)
                    .doesNotContain("wrong-guess").doesNotContain("c2lnbmF0dXJl").doesNotContain("eyJ");
        }
        assertThat(logged.list.get(0).getFormattedMessage()).contains("alice-with-a-ver").doesNotContain("indeed");
    }

    /** A request from another loopback address (java.net.http cannot choose its source address). */
    int statusFrom(String sourceAddress, String authorization) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(sourceAddress, 0));
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /id HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
