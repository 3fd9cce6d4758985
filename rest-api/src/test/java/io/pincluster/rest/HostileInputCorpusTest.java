package io.pincluster.rest;

import static io.pincluster.testkit.hostile.HostileInputs.encoded;
import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.pin.PinOptionLimits;
import io.pincluster.testkit.hostile.HostileCase;
import io.pincluster.testkit.hostile.HostileCorpus;
import io.pincluster.testkit.hostile.HostileInputs;
import io.pincluster.testkit.hostile.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests against a real REST server on loopback: malformed and oversized CIDs and peer IDs in paths,
 * queries and bodies, bad query options, unsafe paths, broken multipart and JSON bodies. Every answer must be a
 * JSON 4xx within the time bound that quotes at most a short prefix of the input, and nothing may be written.
 * Add cases to the lists below (or a new list for a new API) as routes are added.
 */
class HostileInputCorpusTest extends RestTestSupport {
    /** Generous for a loaded two-core CI machine; a hostile request is refused in milliseconds. */
    static final long MAX_MILLIS = 2000;
    /** A mean far above what refusing costs (well under a millisecond), far below a quadratic decode of kilobytes. */
    static final long MAX_CPU_MILLIS_PER_REQUEST = 50;
    static final String CID = FakeClusterApi.cid("hostile").toString();
    static final String MULTIPART = "multipart/form-data; boundary=" + Multiparts.BOUNDARY;

    @Override
    RestConfig config() {
        // bodies big enough to carry a megabyte "CID", so the parser (not the body limit) has to refuse it
        return RestConfig.defaults().withBodyLimits(4L << 20, 8L << 20);
    }

    private RawHttp raw() {
        return new RawHttp("127.0.0.1", server.port(), (int) MAX_MILLIS * 5);
    }

    @Test
    void everyHostileRequestIsAQuickJson4xxThatWritesNothing() {
        List<HostileCase> cases = new ArrayList<>();
        cases.addAll(cidCases());
        cases.addAll(peerIdCases());
        cases.addAll(queryOptionCases());
        cases.addAll(pathCases());
        cases.addAll(multipartCases());
        cases.addAll(jsonAndBodyCases());

        HostileCorpus.Report report = new HostileCorpus(raw(), MAX_MILLIS, status -> status >= 400 && status < 500)
                .run(cases);

        System.out.println("REST " + report);
        assertThat(report.violations()).isEmpty();
        assertThat(report.cpuMillis()).as("CPU milliseconds for the whole corpus")
                .isLessThan(report.cases() * MAX_CPU_MILLIS_PER_REQUEST);
        assertThat(report.cases()).isGreaterThanOrEqualTo(100);
        assertThat(api.writes).as("the pinset and the peer set are unchanged").isEmpty();
    }

    @Test
    void aMegabyteCidIsRefusedInMilliseconds() throws Exception {
        String huge = HostileInputs.MEGABYTE_CID;
        long start = System.nanoTime();
        RawHttp.Response inBody = raw().send("POST", "/pins", Map.of("Content-Type", "text/plain"),
                huge.getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response inJson = raw().send("POST", "/peers", Map.of("Content-Type", "application/json"),
                ("{\"peer_id\":\"" + huge + "\"}").getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response inPath = raw().send("POST", "/pins/" + huge, Map.of(), null);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(inBody.status()).isEqualTo(400);
        assertThat(inBody.body()).contains("over the limit of 512").hasSizeLessThan(1024);
        assertThat(inJson.status()).isEqualTo(400);
        assertThat(inJson.body()).contains("over the limit").hasSizeLessThan(1024);
        assertThat(inPath.status()).as("a request line over the limit").isBetween(400, 499);
        assertThat(millis).as("three megabyte requests, milliseconds").isLessThan(3 * MAX_MILLIS);
        assertThat(api.writes).isEmpty();
    }

    private static List<HostileCase> cidCases() {
        List<HostileCase> cases = new ArrayList<>();
        HostileInputs.cids().forEach((what, cid) -> {
            String e = encoded(cid);
            cases.add(HostileCase.of("pin " + what, "POST", "/pins/" + e, cid));
            cases.add(HostileCase.of("unpin " + what, "DELETE", "/pins/" + e, cid));
            cases.add(HostileCase.get("status " + what, "/pins/" + e, cid));
            cases.add(HostileCase.of("recover " + what, "POST", "/pins/" + e + "/recover", cid));
            cases.add(HostileCase.get("allocation " + what, "/allocations/" + e, cid));
            cases.add(HostileCase.get("status cids= " + what, "/pins?cids=" + CID + "," + e, cid));
            cases.add(HostileCase.get("allocations after= " + what, "/allocations?after=" + e, cid));
            cases.add(HostileCase.get("moves cid= " + what, "/health/moves?cid=" + e, cid));
            cases.add(HostileCase.of("pin-update= " + what, "POST", "/pins/" + CID + "?pin-update=" + e, cid));
            cases.add(HostileCase.withBody("batch line " + what, "POST", "/pins", "text/plain",
                    CID + "\n" + cid + "\n", cid));
        });
        return cases;
    }

    private static List<HostileCase> peerIdCases() {
        List<HostileCase> cases = new ArrayList<>();
        HostileInputs.peerIds().forEach((what, peer) -> {
            String e = encoded(peer);
            cases.add(HostileCase.of("remove " + what, "DELETE", "/peers/" + e, peer));
            cases.add(HostileCase.of("drain " + what, "POST", "/peers/" + e + "/drain", peer));
            cases.add(HostileCase.of("maintenance " + what, "POST", "/peers/" + e + "/maintenance", peer));
            cases.add(HostileCase.withBody("add " + what, "POST", "/peers", "application/json",
                    "{\"peer_id\":\"" + peer.replace("\u0000", "\\u0000") + "\"}", peer));
            cases.add(HostileCase.of("user-allocations " + what, "POST",
                    "/pins/" + CID + "?user-allocations=" + e, peer));
            cases.add(HostileCase.of("origins " + what, "POST",
                    "/pins/" + CID + "?origins=" + encoded("/ip4/1.2.3.4/tcp/4001/p2p/" + peer), peer));
        });
        return cases;
    }

    private static List<HostileCase> queryOptionCases() {
        List<HostileCase> cases = new ArrayList<>();
        String pin = "/pins/" + CID + "?";
        String longText = "x".repeat(PinOptionLimits.MAX_NAME_BYTES + 1);
        String[][] options = {
            {"negative replication", "replication-min=-5"},
            {"huge replication", "replication-min=99999999999999999999"},
            {"replication as a word", "replication=three"},
            {"replication as a float", "replication-max=1.5"},
            {"repeated, the second bad", "replication-min=1&replication-min=x"},
            {"min over max", "replication-min=3&replication-max=2"},
            {"unknown mode", "mode=" + longText},
            {"negative shard size", "shard-size=-1"},
            {"huge shard size", "shard-size=" + "9".repeat(40)},
            {"expire-in huge", "expire-in=" + "9".repeat(30) + "h"},
            {"expire-in over the length limit", "expire-in=" + "1".repeat(300) + "s"},
            {"expire-in negative", "expire-in=-5m"},
            {"expire-at garbage", "expire-at=" + longText},
            {"name over 255 bytes", "name=" + longText},
            {"name of 200 two-byte characters", "name=" + encoded("é".repeat(200))},
            {"metadata value over 4096 bytes (over the request line's limit too)", "meta-k=" + "v".repeat(4097)},
            {"empty metadata key", "meta-=x"},
            {"origin that is no multiaddr", "origins=" + longText},
        };
        for (String[] o : options) {
            cases.add(HostileCase.of(o[0], "POST", pin + o[1], o[1].contains("=") ? o[1].split("=", 2)[1] : null));
        }
        StringBuilder manyKeys = new StringBuilder(pin);
        for (int i = 0; i <= PinOptionLimits.MAX_METADATA_ENTRIES; i++) {
            manyKeys.append("meta-k").append(i).append("=v&");
        }
        cases.add(HostileCase.of("metadata over 64 entries", "POST", manyKeys.toString(), null));
        cases.add(HostileCase.get("allocations negative limit", "/allocations?limit=-1", null));
        cases.add(HostileCase.get("allocations huge limit", "/allocations?limit=99999999999999", null));
        cases.add(HostileCase.get("allocations limit as a word", "/allocations?limit=" + longText, longText));
        cases.add(HostileCase.get("status filter garbage", "/pins?filter=" + longText, longText));
        cases.add(HostileCase.get("moves negative limit", "/health/moves?limit=-1", null));
        cases.add(HostileCase.get("moves huge limit", "/health/moves?limit=99999999999999", null));
        cases.add(HostileCase.get("allocations repeated limit", "/allocations?limit=1&limit=2", null));
        cases.add(HostileCase.of("maintenance for garbage", "POST", "/peers/" + FakeClusterApi.PEER_A
                + "/maintenance?for=" + longText, longText));
        cases.add(HostileCase.of("add chunker garbage", "POST", "/add?chunker=" + longText, longText));
        return cases;
    }

    private static List<HostileCase> pathCases() {
        String longSegment = "a".repeat(5000);
        return List.of(
                HostileCase.of("dot-dot CID", "POST", "/pins/..", null),
                HostileCase.of("encoded dot-dot", "POST", "/pins/%2e%2e", null),
                HostileCase.of("encoded slash in CID", "POST", "/pins/" + CID + "%2F" + CID, null),
                HostileCase.of("NUL in path", "POST", "/pins/%00", null),
                HostileCase.of("bad escape", "POST", "/pins/%zz", null),
                HostileCase.of("path of 5000 characters", "POST", "/pins/" + longSegment, longSegment),
                HostileCase.of("ipfs path with NUL", "POST", "/pins/ipfs/" + CID + "/%00", null),
                HostileCase.of("ipfs path with a huge CID", "POST", "/pins/ipfs/" + "z" + "2".repeat(3000),
                        "z" + "2".repeat(3000)),
                HostileCase.of("dashboard dot-dot", "GET", "/dashboard/..", null),
                HostileCase.of("dashboard encoded traversal", "GET", "/dashboard/%2e%2e%2fpom.xml", null),
                HostileCase.of("dashboard NUL", "GET", "/dashboard/dashboard.js%00", null),
                HostileCase.of("dashboard file of 5000 characters", "GET", "/dashboard/" + longSegment, longSegment),
                HostileCase.of("unknown route", "GET", "/" + longSegment, longSegment),
                HostileCase.of("wrong method", "PATCH", "/pins/" + CID, null));
    }

    private static List<HostileCase> multipartCases() {
        String part = "--" + Multiparts.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\nhello\r\n";
        String end = "--" + Multiparts.BOUNDARY + "--\r\n";
        String longName = "n".repeat(300);
        String longPath = "d/".repeat(2100) + "f";
        return List.of(
                HostileCase.withBody("multipart without boundary", "POST", "/add", "multipart/form-data", "x", null),
                HostileCase.withBody("not multipart", "POST", "/add", "application/json", "{}", null),
                HostileCase.withBody("multipart, empty body", "POST", "/add", MULTIPART, "", null),
                HostileCase.withBody("multipart, garbage body", "POST", "/add", MULTIPART, "garbage\r\n", null),
                HostileCase.withBody("multipart, truncated part", "POST", "/add", MULTIPART,
                        String.format(part, "a").substring(0, 60), null),
                HostileCase.withBody("multipart, path leaves its directory", "POST", "/add", MULTIPART,
                        String.format(part, "..%2Fescape") + end, null),
                HostileCase.withBody("multipart, name over 255 bytes", "POST", "/add", MULTIPART,
                        String.format(part, longName) + end, longName),
                HostileCase.withBody("multipart, path over 4096 characters", "POST", "/add", MULTIPART,
                        String.format(part, longPath) + end, longPath),
                HostileCase.withBody("multipart, only the closing boundary", "POST", "/add", MULTIPART, end, null));
    }

    private static List<HostileCase> jsonAndBodyCases() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String hugeString = "{\"peer_id\":\"" + "A".repeat(2 << 20) + "\"}";
        return List.of(
                HostileCase.withBody("malformed JSON", "POST", "/peers", "application/json", "{\"peer_id\":", null),
                HostileCase.withBody("peer_id a number", "POST", "/peers", "application/json", "{\"peer_id\":5}",
                        null),
                HostileCase.withBody("peer_id null", "POST", "/peers", "application/json", "{\"peer_id\":null}",
                        null),
                HostileCase.withBody("peer_id an array", "POST", "/peers", "application/json",
                        "{\"peer_id\":[\"a\"]}", null),
                HostileCase.withBody("JSON nested 100000 deep", "POST", "/peers", "application/json", deep, null),
                HostileCase.withBody("JSON string of 2 MB", "POST", "/peers", "application/json", hugeString,
                        "A".repeat(2 << 20)),
                HostileCase.withBody("body over the limit", "POST", "/peers", "application/json",
                        new byte[5 << 20], null),
                HostileCase.withBody("batch of blank lines", "POST", "/pins", "text/plain", "\n".repeat(10_000),
                        null),
                HostileCase.withBody("batch of binary", "POST", "/pins", "application/octet-stream",
                        new byte[] {0, (byte) 0xff, 0x12, 0x20, 0, 0, '\n'}, null),
                HostileCase.withBody("batch over the CID count", "POST", "/pins", "text/plain",
                        (CID + "\n").repeat(io.pincluster.rest.routes.PinBatchRoute.MAX_CIDS + 1), null),
                HostileCase.withBody("token with garbage", "POST", "/token", "application/json", deep, null),
                HostileCase.withBody("state import, not JSON", "POST", "/state/import", "application/x-ndjson",
                        "x".repeat(3000), "x".repeat(3000)),
                HostileCase.withBody("state import, nested 100000 deep", "POST", "/state/import",
                        "application/x-ndjson", deep, null),
                HostileCase.withBody("state import, a huge CID", "POST", "/state/import", "application/x-ndjson",
                        "{\"cid\":\"" + HostileInputs.MEGABYTE_CID + "\"}", HostileInputs.MEGABYTE_CID),
                HostileCase.withBody("state import, a name of 300 bytes", "POST", "/state/import",
                        "application/x-ndjson", "{\"cid\":\"" + CID + "\",\"name\":\"" + "n".repeat(300) + "\"}",
                        "n".repeat(300)),
                HostileCase.withBody("state import, a bad expiry", "POST", "/state/import", "application/x-ndjson",
                        "{\"cid\":\"" + CID + "\",\"expire_at\":\"" + "e".repeat(3000) + "\"}", "e".repeat(3000)),
                HostileCase.withBody("state import, over the pin count", "POST", "/state/import",
                        "application/x-ndjson", ("{\"cid\":\"" + CID + "\"}\n").repeat(10_001), null));
    }
}
