package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.pincluster.consensus.codec.Decision;
import io.pincluster.consensus.codec.DirectoryCodec;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinOp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed golden fixtures decode to exactly {@link GoldenSamples}, field by field, and this build still
 * writes exactly those bytes. A failure here means a format changed: add a format version instead (decision 0004).
 */
class GoldenFormatsTest {
    private static final String V1 = "/golden/v1/";

    private final PinOpCodec codec = new PinOpCodec();

    @TempDir
    Path tmp;

    @Test
    void v1PinEntryDecodesEveryDecisionKindAndEveryPinField() {
        List<Decision> decoded = codec.decodeEntry(fixture(V1 + "entry-pins.bin"));

        assertThat(decoded).isEqualTo(GoldenSamples.ENTRY);
        Pin rich = ((PinOp.AddPin) ((Decision.Apply) decoded.get(0)).op()).pin();
        assertThat(rich.cid()).hasToString("bafybeieqkse3gam46oags6jkwnpavf5at545ckaf7abre2toza3c4j2y4y");
        assertThat(rich.type()).isEqualTo(PinType.SHARD);
        assertThat(rich.allocations()).containsExactly(GoldenSamples.PEER_A, GoldenSamples.PEER_B);
        assertThat(rich.reference()).hasToString("bafkreid6oxfesczc5gj36zqp4q5aqdpe3bigd5ab2ksvgbonc2hmhvconq");
        assertThat(rich.timestamp()).isEqualTo(Instant.parse("2026-12-03T15:00:00.000000001Z"));
        assertThat(rich.options().replicationMin()).isEqualTo(2);
        assertThat(rich.options().replicationMax()).isEqualTo(3);
        assertThat(rich.options().name()).isEqualTo("golden ✓ naïve name");
        assertThat(rich.options().mode()).isEqualTo(PinMode.DIRECT);
        assertThat(rich.options().shardSize()).isEqualTo(5_000_000_000L);
        assertThat(rich.options().userAllocations()).containsExactly(GoldenSamples.PEER_U, GoldenSamples.PEER_C);
        assertThat(rich.options().expireAt()).isEqualTo(Instant.parse("2031-02-03T04:05:06.123456789Z"));
        assertThat(rich.options().metadata()).containsExactly(entry("a", "1"), entry("owner", "ops ✓"), entry("z", ""));
        assertThat(rich.options().pinUpdate()).isEqualTo(GoldenSamples.UPDATED_FROM_CID);
        assertThat(rich.options().origins())
                .containsExactly("/ip4/10.0.0.1/tcp/4001/p2p/" + GoldenSamples.PEER_A, "/dns4/example.org/tcp/4001");
        Pin everywhere = ((PinOp.AddPin) ((Decision.Apply) decoded.get(2)).op()).pin();
        assertThat(everywhere.cid()).hasToString("QmavvSCSfo9b5c3Pm5pJDME1dDVAcePeZ8DqpJbxC4ESGy");
        assertThat(everywhere.isEverywhere()).isTrue();
        assertThat(everywhere.timestamp()).isEqualTo(Instant.parse("1969-12-31T23:59:55.000000007Z"));
        assertThat(((Decision.Apply) decoded.get(3)).op()).isEqualTo(new PinOp.RemovePin(GoldenSamples.REMOVED_CID));
        assertThat(((Decision.Reject) decoded.get(4)).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void v1EmptyEntryDecodesToNoDecisions() {
        assertThat(codec.decodeEntry(fixture(V1 + "entry-empty.bin"))).isEmpty();
    }

    @Test
    void v1DirectoryEntriesDecodeToTheMemberAndTheRemovalMarker() {
        assertThat(DirectoryCodec.decode(fixture(V1 + "directory-member.bin"))).isEqualTo(GoldenSamples.MEMBER);
        assertThat(DirectoryCodec.decode(fixture(V1 + "directory-removed.bin"))).isEqualTo(GoldenSamples.REMOVED);
        assertThat(DirectoryCodec.decode(fixture(V1 + "directory-removed.bin")).removed()).isTrue();
    }

    @Test
    void v1RequestAndResultBatchesDecode() {
        assertThat(codec.decodeRequests(fixture(V1 + "requests.bin"))).isEqualTo(GoldenSamples.REQUESTS);
        assertThat(codec.decodeResults(fixture(V1 + "results.bin"))).isEqualTo(GoldenSamples.RESULTS);
    }

    @Test
    void v1SnapshotReadsBackEveryPinAndDirectoryRecord() throws IOException {
        Path file = fixturePath(V1 + "snapshot.bin");

        SnapshotFile.Contents c = SnapshotFile.read(file, md5Of(file));

        assertThat(c.term()).isEqualTo(GoldenSamples.SNAPSHOT_TERM);
        assertThat(c.index()).isEqualTo(GoldenSamples.SNAPSHOT_INDEX);
        assertThat(c.pins()).isEqualTo(GoldenSamples.SNAPSHOT_PINS);
        assertThat(c.directory()).isEqualTo(GoldenSamples.SNAPSHOT_DIRECTORY);
    }

    @Test
    void thisBuildWritesExactlyTheV1Bytes() throws IOException {
        assertThat(codec.encodeEntry(GoldenSamples.ENTRY)).isEqualTo(fixture(V1 + "entry-pins.bin"));
        assertThat(codec.encodeEntry(List.of())).isEqualTo(fixture(V1 + "entry-empty.bin"));
        assertThat(DirectoryCodec.encode(GoldenSamples.MEMBER)).isEqualTo(fixture(V1 + "directory-member.bin"));
        assertThat(DirectoryCodec.encode(GoldenSamples.REMOVED)).isEqualTo(fixture(V1 + "directory-removed.bin"));
        assertThat(codec.encodeRequests(GoldenSamples.REQUESTS)).isEqualTo(fixture(V1 + "requests.bin"));
        assertThat(codec.encodeResults(GoldenSamples.RESULTS)).isEqualTo(fixture(V1 + "results.bin"));
        Path written = tmp.resolve("snapshot.bin");
        SnapshotFile.write(written, GoldenSamples.SNAPSHOT_TERM, GoldenSamples.SNAPSHOT_INDEX,
                GoldenSamples.SNAPSHOT_PINS, GoldenSamples.SNAPSHOT_DIRECTORY);
        assertThat(Files.readAllBytes(written)).isEqualTo(fixture(V1 + "snapshot.bin"));
    }

    static byte[] fixture(String resource) {
        try (InputStream in = GoldenFormatsTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("fixture %s", resource).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path fixturePath(String resource) {
        URL url = GoldenFormatsTest.class.getResource(resource);
        assertThat(url).as("fixture %s", resource).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static org.apache.ratis.io.MD5Hash md5Of(Path file) throws IOException {
        MessageDigest md5 = SnapshotDigests.newDigester();
        md5.update(Files.readAllBytes(file));
        return SnapshotDigests.of(md5);
    }
}
