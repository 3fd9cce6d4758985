package io.pincluster.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.importer.ImportOptions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayDirectoriesTest {
    private static final String INDEX = "<!DOCTYPE html><html><body>home</body></html>";

    @TempDir
    static Path dir;
    static GatewayHarness gw;
    static Cid root;

    @BeforeAll
    static void start() throws IOException {
        gw = new GatewayHarness();
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("site/css"));
        Files.writeString(tree.resolve("site/index.html"), INDEX);
        Files.writeString(tree.resolve("site/css/main.css"), "body{}");
        Files.createDirectories(tree.resolve("docs"));
        Files.writeString(tree.resolve("docs/a b.txt"), "spaced");
        Files.writeString(tree.resolve("docs/<b>&\"x'.txt"), "markup");
        Files.writeString(tree.resolve("docs/caf\u00e9.json"), "{}");
        root = gw.addPath(tree, ImportOptions.kuboDefaults());
    }

    @AfterAll
    static void stop() throws IOException {
        gw.close();
    }

    @Test
    void directoryWithIndexHtmlServesIt() throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/" + root + "/site/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(INDEX);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("x-ipfs-path")).hasValue("/ipfs/" + root + "/site/");
    }

    @Test
    void directoryWithoutTrailingSlashRedirectsKeepingTheQuery() throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/" + root + "/site?x=1");

        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("location")).hasValue("/ipfs/" + root + "/site/?x=1");
    }

    @Test
    void filesInsideDirectoriesGetTheirTypeFromTheName() throws Exception {
        HttpResponse<byte[]> css = gw.get("/ipfs/" + root + "/site/css/main.css");
        HttpResponse<byte[]> json = gw.get("/ipfs/" + root + "/docs/caf%C3%A9.json");

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(new String(css.body(), StandardCharsets.UTF_8)).isEqualTo("body{}");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void percentEncodedNamesResolve() throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/" + root + "/docs/a%20b.txt");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("spaced");
    }

    @Test
    void directoryWithoutIndexIsListedWithEscapedNamesLinksSizesAndCids() throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/" + root + "/docs/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        String page = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(page).doesNotContain("<b>&");
        assertThat(page).contains("&lt;b&gt;&amp;&quot;x&#39;.txt");
        assertThat(page).contains("href=\"/ipfs/" + root + "/docs/a%20b.txt\"");
        assertThat(page).contains("caf\u00e9.json");
        Cid spaced = gw.addFile("spaced".getBytes(StandardCharsets.UTF_8), ImportOptions.kuboDefaults());
        assertThat(page).contains("/ipfs/" + spaced + "\"");
        assertThat(page).contains("<td>14</td>"); // Tsize of the 6-byte file: one dag-pb node
    }

    @Test
    void rootDirectoryListsItsSubdirectories() throws Exception {
        String page = new String(gw.get("/ipfs/" + root + "/").body(), StandardCharsets.UTF_8);

        assertThat(page).contains("href=\"/ipfs/" + root + "/docs\"").contains("href=\"/ipfs/" + root + "/site\"");
    }

    @Test
    void missingPathAndPathThroughAFileAre404() throws Exception {
        HttpResponse<byte[]> missing = gw.get("/ipfs/" + root + "/docs/nope.txt");
        HttpResponse<byte[]> throughFile = gw.get("/ipfs/" + root + "/docs/a%20b.txt/deeper");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("nope.txt");
        assertThat(throughFile.statusCode()).isEqualTo(404);
    }

    @Test
    void headOnAListingHasItsLength() throws Exception {
        HttpResponse<byte[]> get = gw.get("/ipfs/" + root + "/docs/");
        HttpResponse<byte[]> head = gw.send("HEAD", "/ipfs/" + root + "/docs/");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-length")).hasValue(Integer.toString(get.body().length));
    }
}
