package io.pincluster.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.car.CarImportResult;
import io.pincluster.ipld.car.CarImporter;
import io.pincluster.ipld.dag.DagWalker;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTrustlessTest {
    @TempDir
    static Path dir;
    static GatewayHarness gw;

    @BeforeAll
    static void start() throws IOException {
        gw = new GatewayHarness();
    }

    @AfterAll
    static void stop() throws IOException {
        gw.close();
    }

    @Test
    void formatRawReturnsTheBlockWhoseHashIsTheCid() throws Exception {
        Cid cid = gw.addFile(GatewayHarness.randomBytes(1, 700_000), ImportOptions.kuboDefaults());

        HttpResponse<byte[]> byParam = gw.get("/ipfs/" + cid + "?format=raw");
        HttpResponse<byte[]> byAccept = gw.get("/ipfs/" + cid, "Accept", "application/vnd.ipld.raw");

        assertThat(byParam.statusCode()).isEqualTo(200);
        assertThat(byParam.headers().firstValue("content-type")).hasValue("application/vnd.ipld.raw");
        assertThat(byParam.headers().firstValue("etag")).hasValue("\"" + cid + ".raw\"");
        assertThat(Multihash.sha256(byParam.body())).isEqualTo(cid.multihash());
        assertThat(byAccept.body()).isEqualTo(byParam.body());
        assertThat(byParam.body()).isEqualTo(gw.store().get(cid));
    }

    @Test
    void formatRawOfAPathIsTheResolvedBlock() throws Exception {
        Path tree = dir.resolve("raw-tree");
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("f.txt"), "inner");
        Cid root = gw.addPath(tree, ImportOptions.kuboV1());
        Cid inner = gw.addFile("inner".getBytes(StandardCharsets.UTF_8), ImportOptions.kuboV1());

        HttpResponse<byte[]> r = gw.get("/ipfs/" + root + "/f.txt?format=raw");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("etag")).hasValue("\"" + inner + ".raw\"");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("inner");
    }

    @Test
    void formatCarReimportsIntoAFreshStoreAsTheSameBlocks() throws Exception {
        Path tree = dir.resolve("car-tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.write(tree.resolve("sub/big.bin"), GatewayHarness.randomBytes(2, 600_000));
        Files.writeString(tree.resolve("small.txt"), "small");
        Cid root = gw.addPath(tree, ImportOptions.kuboDefaults());

        HttpResponse<byte[]> car = gw.get("/ipfs/" + root + "?format=car");

        assertThat(car.statusCode()).isEqualTo(200);
        assertThat(car.headers().firstValue("content-type")).hasValue("application/vnd.ipld.car; version=1");
        assertThat(car.headers().firstValue("etag")).hasValue("\"" + root + ".car\"");
        InMemoryBlockStore fresh = new InMemoryBlockStore();
        CarImportResult result = new CarImporter(fresh, fresh).importCar(new ByteArrayInputStream(car.body()), true);

        assertThat(result.roots()).containsExactly(root);
        assertThat(fresh.missingBlocks(root)).isEmpty();
        Set<Multihash> served = new HashSet<>();
        fresh.keys().forEachRemaining(served::add);
        assertThat(served).isEqualTo(dagBlocks(root));
        assertThat(result.blockCount()).isEqualTo(served.size());
    }

    /** The multihashes of every block under {@code root} in the gateway's store. */
    private static Set<Multihash> dagBlocks(Cid root) throws IOException {
        Set<Multihash> out = new HashSet<>();
        new DagWalker(gw.store()::get, new DagPbLinkReader()).walk(root, new DagWalker.Visitor() {
            @Override
            public void block(Cid cid, byte[] block) {
                out.add(cid.multihash());
            }

            @Override
            public void missing(Cid cid) {
                throw new AssertionError("missing " + cid);
            }
        });
        return out;
    }

    @Test
    void acceptCarSelectsCarAndHeadSendsNoBody() throws Exception {
        Cid cid = gw.addFile("c".getBytes(StandardCharsets.UTF_8), ImportOptions.kuboDefaults());

        HttpResponse<byte[]> get = gw.get("/ipfs/" + cid, "Accept", "text/html, application/vnd.ipld.car;version=1");
        HttpResponse<byte[]> head = gw.send("HEAD", "/ipfs/" + cid + "?format=car");

        assertThat(get.headers().firstValue("content-type")).hasValue("application/vnd.ipld.car; version=1");
        assertThat(get.body().length).isGreaterThan(0);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void formatEtagsAnswer304() throws Exception {
        Cid cid = gw.addFile("e".getBytes(StandardCharsets.UTF_8), ImportOptions.kuboDefaults());

        assertThat(gw.get("/ipfs/" + cid + "?format=car", "If-None-Match", "\"" + cid + ".car\"").statusCode())
                .isEqualTo(304);
        assertThat(gw.get("/ipfs/" + cid + "?format=raw", "If-None-Match", "\"" + cid + ".raw\"").statusCode())
                .isEqualTo(304);
        assertThat(gw.get("/ipfs/" + cid + "?format=raw", "If-None-Match", "\"" + cid + "\"").statusCode())
                .isEqualTo(200);
    }

    @Test
    void carOfAnIncompleteDagIsA404NamingTheMissingBlockNotATruncatedCar() throws Exception {
        byte[] data = GatewayHarness.randomBytes(3, 600_000);
        Cid root = gw.addFile(data, ImportOptions.kuboV1());
        Cid leaf = new DagPbLinkReader().links(root, gw.store().get(root)).get(1);
        gw.store().delete(leaf);

        HttpResponse<byte[]> r = gw.get("/ipfs/" + root + "?format=car");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains(leaf.toString()).contains("not held");
    }

    @Test
    void unknownFormatIs400() throws Exception {
        Cid cid = gw.addFile("u".getBytes(StandardCharsets.UTF_8), ImportOptions.kuboDefaults());

        HttpResponse<byte[]> r = gw.get("/ipfs/" + cid + "?format=tar");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("unsupported format").contains("tar");
    }

}
