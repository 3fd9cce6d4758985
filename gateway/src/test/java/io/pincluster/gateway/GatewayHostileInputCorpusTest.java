package io.pincluster.gateway;

import static io.pincluster.testkit.hostile.HostileInputs.encoded;
import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.block.StoreStats;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;
import io.pincluster.ipld.unixfs.UnixFsData;
import io.pincluster.ipld.unixfs.UnixFsType;
import io.pincluster.testkit.hostile.HostileCase;
import io.pincluster.testkit.hostile.HostileCorpus;
import io.pincluster.testkit.hostile.HostileInputs;
import io.pincluster.testkit.hostile.RawHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests against a real gateway on loopback: malformed and oversized CIDs, unsafe and oversized paths,
 * bad query options, and hostile DAGs (a HAMT linking one shard 256 times per level, a shard chain deeper than its
 * hash, garbage dag-pb and UnixFS, a link name of 100 KB). Every answer must be a quick JSON 4xx quoting at most a
 * short prefix, and the store must be unchanged. A directory listing is paged.
 */
class GatewayHostileInputCorpusTest {
    static final long MAX_MILLIS = 2000;
    /** A mean far above what refusing costs (well under a millisecond), far below a quadratic decode of kilobytes. */
    static final long MAX_CPU_MILLIS_PER_REQUEST = 50;
    static GatewayHarness gw;
    static Cid file;
    static Cid dir;

    @BeforeAll
    static void start() throws IOException {
        gw = new GatewayHarness();
        file = put(Codec.RAW, "content".getBytes(StandardCharsets.UTF_8));
        dir = put(Codec.DAG_PB, DagPbCodec.encode(new PbNode(List.of(PbLink.of(file, "a", 7)),
                UnixFsData.directory().encode())));
    }

    @AfterAll
    static void stop() throws IOException {
        gw.close();
    }

    @Test
    void everyHostileRequestIsAQuickJson4xxAndTheStoreIsUnchanged() throws IOException {
        List<HostileCase> cases = new ArrayList<>();
        cases.addAll(cidCases());
        cases.addAll(pathAndQueryCases());
        cases.addAll(hostileDagCases());
        StoreStats before = gw.store().stats();

        HostileCorpus.Report report = new HostileCorpus(new RawHttp("127.0.0.1", gw.port(), (int) MAX_MILLIS * 5),
                MAX_MILLIS, status -> status >= 400 && status < 500).run(cases);

        System.out.println("gateway " + report);
        assertThat(report.violations()).isEmpty();
        assertThat(report.cpuMillis()).as("CPU milliseconds for the whole corpus")
                .isLessThan(report.cases() * MAX_CPU_MILLIS_PER_REQUEST);
        assertThat(report.cases()).isGreaterThanOrEqualTo(50);
        assertThat(gw.store().stats()).isEqualTo(before);
    }

    @Test
    void aLargeDirectoryIsListedInPagesThatLinkToTheNext() throws Exception {
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            links.add(PbLink.of(file, String.format("f%04d", i), 7));
        }
        Cid dir = put(Codec.DAG_PB, DagPbCodec.encode(new PbNode(links, UnixFsData.directory().encode())));

        String first = body(gw.get("/ipfs/" + dir + "/"));
        String last = body(gw.get("/ipfs/" + dir + "/?page=2"));
        HttpResponse<byte[]> beyond = gw.get("/ipfs/" + dir + "/?page=3");

        assertThat(first).contains("f0000", "f0999", "?page=1\">next page").doesNotContain("f1000");
        assertThat(last).contains("f2000", "f2499").doesNotContain("f1999", "next page");
        assertThat(beyond.statusCode()).isEqualTo(404);
        assertThat(body(beyond)).contains("no page 3");
    }

    private static List<HostileCase> cidCases() {
        List<HostileCase> cases = new ArrayList<>();
        HostileInputs.cids().forEach((what, cid) -> {
            String e = encoded(cid);
            cases.add(HostileCase.get(what, "/ipfs/" + e, cid));
            cases.add(HostileCase.get(what + ", raw", "/ipfs/" + e + "?format=raw", cid));
            cases.add(HostileCase.get(what + ", car", "/ipfs/" + e + "?format=car", cid));
            cases.add(HostileCase.get(what + ", under a path", "/ipfs/" + e + "/a/b", cid));
        });
        return cases;
    }

    private static List<HostileCase> pathAndQueryCases() {
        String longSegment = "a".repeat(5000);
        String garbage = "g".repeat(300);
        return List.of(
                HostileCase.get("dot-dot", "/ipfs/" + file + "/../x", null),
                HostileCase.get("encoded dot-dot", "/ipfs/" + file + "/%2e%2e/x", null),
                HostileCase.get("encoded slash", "/ipfs/" + file + "/a%2Fb", null),
                HostileCase.get("NUL", "/ipfs/" + file + "/a%00", null),
                HostileCase.get("bad escape", "/ipfs/" + file + "/%zz", null),
                HostileCase.get("raw non-ASCII", "/ipfs/" + file + "/\u00e9", null),
                HostileCase.get("path of 5000 characters", "/ipfs/" + file + "/" + longSegment, longSegment),
                HostileCase.get("300 segments", "/ipfs/" + file + "/a".repeat(300), null),
                HostileCase.get("empty segments", "/ipfs/" + file + "//", null),
                HostileCase.get("unknown format", "/ipfs/" + file + "?format=" + garbage, garbage),
                HostileCase.get("repeated format", "/ipfs/" + file + "?format=raw&format=" + garbage, garbage),
                HostileCase.get("negative page", "/ipfs/" + dir + "/?page=-1", null),
                HostileCase.get("huge page", "/ipfs/" + dir + "/?page=99999999999", null),
                HostileCase.get("page as a word", "/ipfs/" + dir + "/?page=" + garbage, garbage),
                HostileCase.get("page past the end", "/ipfs/" + dir + "/?page=1", null),
                HostileCase.get("outside /ipfs", "/" + longSegment, longSegment),
                HostileCase.get("ipns", "/ipns/" + garbage, garbage),
                HostileCase.of("a write", "POST", "/ipfs/" + file, null),
                HostileCase.of("a delete", "DELETE", "/ipfs/" + file, null),
                new HostileCase("a range past the end", "GET", "/ipfs/" + file,
                        java.util.Map.of("Range", "bytes=999999999999-"), null, null),
                new HostileCase("a garbage range", "GET", "/ipfs/" + file,
                        java.util.Map.of("Range", "bytes=" + garbage), null, null));
    }

    private static List<HostileCase> hostileDagCases() throws IOException {
        List<HostileCase> cases = new ArrayList<>();
        // three blocks that would list as 256^3 entries if a shard linked twice were followed
        List<PbLink> entries = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            entries.add(PbLink.of(file, label(i) + "file-" + i, 7));
        }
        Cid wide = shard(everyIndexTo(shard(everyIndexTo(shard(entries, 256)), 256)), 256);
        cases.add(HostileCase.get("HAMT linking one shard 256 times per level", "/ipfs/" + wide + "/", null));
        cases.add(HostileCase.get("wide HAMT, a name in it", "/ipfs/" + wide + "/file-1", null));
        // a shard chain deeper than a 64-bit hash allows at one bit a level
        Cid deep = shard(List.of(PbLink.of(file, "1entry", 1)), 2);
        for (int level = 0; level < 70; level++) {
            deep = shard(List.of(PbLink.of(deep, "0", 0)), 2);
        }
        cases.add(HostileCase.get("HAMT deeper than its hash", "/ipfs/" + deep + "/", null));
        cases.add(HostileCase.get("HAMT deeper than its hash, a name", "/ipfs/" + deep + "/entry", null));
        // garbage under a dag-pb CID, and a dag-pb node whose UnixFS data is garbage
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        cases.add(HostileCase.get("random bytes as dag-pb", "/ipfs/" + put(Codec.DAG_PB, random), null));
        Cid badUnixFs = put(Codec.DAG_PB, DagPbCodec.encode(new PbNode(List.of(), new byte[] {8, 99, 0x7f})));
        cases.add(HostileCase.get("garbage UnixFS", "/ipfs/" + badUnixFs, null));
        // a directory entry named with 100 KB: listing it is fine, but errors must not echo it
        String hugeName = "n".repeat(100_000);
        Cid hugeNamed = put(Codec.DAG_PB, DagPbCodec.encode(new PbNode(List.of(PbLink.of(file, hugeName, 7)),
                UnixFsData.directory().encode())));
        cases.add(HostileCase.get("missing name in a directory with a 100 KB name",
                "/ipfs/" + hugeNamed + "/" + "m".repeat(3000) + "/x", "m".repeat(3000)));
        cases.add(HostileCase.get("a file under a file", "/ipfs/" + file + "/" + "x".repeat(3000),
                "x".repeat(3000)));
        return cases;
    }

    private static List<PbLink> everyIndexTo(Cid child) {
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            links.add(PbLink.of(child, label(i), 0));
        }
        return links;
    }

    private static String label(int index) {
        return String.format("%02X", index).toUpperCase(Locale.ROOT);
    }

    private static Cid shard(List<PbLink> links, long fanout) throws IOException {
        byte[] data = new UnixFsData(UnixFsType.HAMT_SHARD, new byte[0], null, new long[0], 0x22L, fanout).encode();
        return put(Codec.DAG_PB, DagPbCodec.encode(new PbNode(links, data)));
    }

    private static Cid put(Codec codec, byte[] block) throws IOException {
        Cid cid = Cid.v1(codec, Multihash.sha256(block));
        gw.store().put(cid, block);
        return cid;
    }

    private static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}
