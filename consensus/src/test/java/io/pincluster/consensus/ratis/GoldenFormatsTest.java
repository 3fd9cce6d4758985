package io.pincluster.consensus.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pincluster.consensus.codec.Decision;
import io.pincluster.consensus.codec.DirectoryCodec;
import io.pincluster.consensus.codec.PinOpCodec;
import io.pincluster.consensus.codec.PsaCodec;
import io.pincluster.consensus.codec.RevocationCodec;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.psa.PsaOp;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.token.TokenRevocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every committed generation of golden fixtures decodes to exactly {@link GoldenSamples}, field by field, and this
 * build, asked for that generation's format versions, still writes exactly those bytes. A failure here means a
 * format changed: add a format version instead (decision 0004), never edit or regenerate a fixture.
 */
class GoldenFormatsTest {
    /** A directory of fixtures and the format version of each of its files. */
    enum Generation {
        V1(1, 1, 2, 0, 0, 0, 0, 0, 0, 0),
        V2(2, 2, 3, 0, 0, 0, 0, 0, 0, 0),
        /** Token revocations (decision 0007): the revocation entry, and a snapshot holding revoked tokens. */
        V3(2, 2, 4, 1, 0, 0, 0, 0, 0, 0),
        /** Pinning Service API requests (decision 0011): their entries, and a snapshot holding them. */
        V4(2, 2, 5, 1, 1, 0, 0, 0, 0, 0),
        /** Tenant records (decision 0017): their entries (format 2 of 'S'), and a snapshot holding them. */
        V5(2, 2, 6, 1, 1, 2, 0, 0, 0, 0),
        /** The archive index (decision 0019): its entry ('A' 1), and a snapshot holding it (format 7). */
        V6(2, 2, 7, 1, 1, 2, 1, 0, 0, 0),
        /** Archive garbage collection (decision 0021): the archive removal entry ('G' 1); nothing else changed. */
        V7(2, 2, 7, 1, 1, 2, 1, 1, 0, 0),
        /**
         * Archived copies and reads (decision 0024): the read report ('L' 1), the hot drop ('H' 1), and a snapshot
         * whose archive records carry their read times (format 8).
         */
        V8(2, 2, 8, 1, 1, 2, 1, 1, 1, 1);

        final int entry;
        final int directory;
        final int snapshot;
        /** The revocation entry's format, 0 before there was one. */
        final int revocation;
        /** The Pinning Service API entries' format, 0 before there was one. */
        final int psa;
        /** The tenant entries' format, 0 before there was one. */
        final int tenant;
        /** The archive index entry's format, 0 before there was one. */
        final int archive;
        /** The archive removal entry's format, 0 before there was one. */
        final int removal;
        /** The read report's format, 0 before there was one. */
        final int reads;
        /** The hot drop's format, 0 before there was one. */
        final int drop;

        Generation(int entry, int directory, int snapshot, int revocation, int psa, int tenant, int archive,
                   int removal, int reads, int drop) {
            this.reads = reads;
            this.drop = drop;
            this.removal = removal;
            this.archive = archive;
            this.tenant = tenant;
            this.entry = entry;
            this.directory = directory;
            this.snapshot = snapshot;
            this.revocation = revocation;
            this.psa = psa;
        }

        /** The revoked tokens this generation's snapshot holds (none before format 4 could hold them). */
        List<TokenRevocation> revocations() {
            return revocation == 0 ? List.of() : GoldenSamples.SNAPSHOT_REVOCATIONS;
        }

        /** The pin requests this generation's snapshot holds (none before format 5 could hold them). */
        List<PsaPin> psaPins() {
            return psa == 0 ? List.of() : GoldenSamples.SNAPSHOT_PSA_PINS;
        }

        /** The tenant records this generation's snapshot holds (none before format 6 could hold them). */
        List<io.pincluster.core.psa.Tenant> tenants() {
            return tenant == 0 ? List.of() : GoldenSamples.SNAPSHOT_TENANTS;
        }

        /** The archive index this generation's snapshot holds (none before format 7 could hold it). */
        List<io.pincluster.core.cold.ArchiveEntry> archives() {
            return archive == 0 ? List.of() : snapshot >= 8 ? GoldenSamples.SNAPSHOT_ARCHIVES_READ
                    : GoldenSamples.SNAPSHOT_ARCHIVES;
        }

        String file(String name) {
            return "/golden/" + name().toLowerCase(java.util.Locale.ROOT) + "/" + name;
        }
    }

    private final PinOpCodec codec = new PinOpCodec();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Generation.class)
    void pinEntryDecodesEveryDecisionKindAndEveryPinField(Generation g) {
        byte[] bytes = fixture(g.file("entry-pins.bin"));
        assertThat(bytes[0]).isEqualTo((byte) 'E');
        assertThat(bytes[1]).as("format version byte").isEqualTo((byte) g.entry);

        List<Decision> decoded = codec.decodeEntry(bytes);

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

    @ParameterizedTest
    @EnumSource(Generation.class)
    void emptyEntryDecodesToNoDecisions(Generation g) {
        assertThat(codec.decodeEntry(fixture(g.file("entry-empty.bin")))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void directoryEntriesDecodeToTheMemberAndTheRemovalMarker(Generation g) {
        byte[] member = fixture(g.file("directory-member.bin"));
        assertThat(member[0]).isEqualTo((byte) 'D');
        assertThat(member[1]).as("format version byte").isEqualTo((byte) g.directory);
        assertThat(DirectoryCodec.decode(member)).isEqualTo(GoldenSamples.MEMBER);
        assertThat(DirectoryCodec.decode(fixture(g.file("directory-removed.bin")))).isEqualTo(GoldenSamples.REMOVED);
        assertThat(DirectoryCodec.decode(fixture(g.file("directory-removed.bin"))).removed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void requestAndResultBatchesDecode(Generation g) {
        assertThat(codec.decodeRequests(fixture(g.file("requests.bin")))).isEqualTo(GoldenSamples.REQUESTS);
        assertThat(codec.decodeResults(fixture(g.file("results.bin")))).isEqualTo(GoldenSamples.RESULTS);
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void snapshotReadsBackEveryPinAndDirectoryRecord(Generation g) throws IOException {
        Path file = fixturePath(g.file("snapshot.bin"));
        assertThat(Files.readAllBytes(file)).startsWith('P', 'C', 'P', 'S', g.snapshot);

        SnapshotFile.Contents c = SnapshotFile.read(file, md5Of(file));

        assertThat(c.term()).isEqualTo(GoldenSamples.SNAPSHOT_TERM);
        assertThat(c.index()).isEqualTo(GoldenSamples.SNAPSHOT_INDEX);
        assertThat(c.pins()).isEqualTo(GoldenSamples.SNAPSHOT_PINS);
        assertThat(c.directory()).isEqualTo(GoldenSamples.SNAPSHOT_DIRECTORY);
        assertThat(c.revocations()).isEqualTo(g.revocations());
        assertThat(c.psaPins()).isEqualTo(g.psaPins());
        assertThat(c.tenants()).isEqualTo(g.tenants());
        assertThat(c.archives()).isEqualTo(g.archives());
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void archiveEntryDecodesEveryField(Generation g) {
        assumeTrue(g.archive > 0, "no archive index entry before generation v6");
        byte[] bytes = fixture(g.file("archive.bin"));
        assertThat(bytes[0]).isEqualTo((byte) 'A');
        assertThat(bytes[1]).as("format version byte").isEqualTo((byte) g.archive);

        io.pincluster.core.cold.ArchiveEntry decoded = io.pincluster.consensus.codec.ArchiveCodec.decode(bytes);

        assertThat(decoded).isEqualTo(GoldenSamples.ARCHIVE_RICH);
        assertThat(decoded.cid()).hasToString("bafybeieqkse3gam46oags6jkwnpavf5at545ckaf7abre2toza3c4j2y4y");
        assertThat(decoded.objectKey()).startsWith("archives/bafybei").endsWith("0a08.car");
        assertThat(decoded.sha256()).isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assertThat(decoded.size()).isEqualTo(4_195_990L);
        assertThat(decoded.pieceCid()).isEqualTo("baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq");
        assertThat(decoded.archivedAt()).isEqualTo(Instant.parse("2026-12-04T19:00:00.000000042Z"));
        assertSameBytes(io.pincluster.consensus.codec.ArchiveCodec.encode(GoldenSamples.ARCHIVE_RICH),
                g.file("archive.bin"));
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void archiveRemovalDecodesEveryField(Generation g) {
        assumeTrue(g.removal > 0, "no archive removal entry before generation v7");
        byte[] bytes = fixture(g.file("archive-removal.bin"));
        assertThat(bytes[0]).isEqualTo((byte) 'G');
        assertThat(bytes[1]).as("format version byte").isEqualTo((byte) g.removal);

        io.pincluster.core.cold.ArchiveRemoval decoded =
                io.pincluster.consensus.codec.ArchiveCodec.decodeRemoval(bytes);

        assertThat(decoded).isEqualTo(GoldenSamples.ARCHIVE_REMOVAL);
        assertThat(decoded.cid()).hasToString("bafybeieqkse3gam46oags6jkwnpavf5at545ckaf7abre2toza3c4j2y4y");
        assertThat(decoded.objectKey()).startsWith("archives/bafybei").endsWith("0a08.car");
        assertThat(decoded.pinTimestamp()).isEqualTo(Instant.parse("2026-12-03T15:00:00.000000001Z"));
        io.pincluster.core.cold.ArchiveRemoval gone =
                io.pincluster.consensus.codec.ArchiveCodec.decodeRemoval(fixture(g.file("archive-gone.bin")));
        assertThat(gone).isEqualTo(GoldenSamples.ARCHIVE_REMOVAL_GONE);
        assertThat(gone.cid()).hasToString("QmavvSCSfo9b5c3Pm5pJDME1dDVAcePeZ8DqpJbxC4ESGy");
        assertThat(gone.objectKey()).startsWith("tenant ✓/Qm");
        assertThat(gone.pinTimestamp()).isNull();
        assertSameBytes(io.pincluster.consensus.codec.ArchiveCodec.encodeRemoval(GoldenSamples.ARCHIVE_REMOVAL),
                g.file("archive-removal.bin"));
        assertSameBytes(io.pincluster.consensus.codec.ArchiveCodec.encodeRemoval(
                GoldenSamples.ARCHIVE_REMOVAL_GONE), g.file("archive-gone.bin"));
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void readReportAndHotDropDecodeEveryField(Generation g) {
        assumeTrue(g.reads > 0 && g.drop > 0, "no read reports or hot drops before generation v8");
        byte[] report = fixture(g.file("read-report.bin"));
        assertThat(report[0]).isEqualTo((byte) 'L');
        assertThat(report[1]).as("format version byte").isEqualTo((byte) g.reads);
        io.pincluster.core.cold.ReadReport reads = io.pincluster.consensus.codec.ArchiveCodec.decodeReads(report);
        assertThat(reads).isEqualTo(GoldenSamples.READ_REPORT);
        assertThat(reads.reads()).containsEntry(GoldenSamples.RICH_CID, GoldenSamples.RICH_READ_AT)
                .containsEntry(GoldenSamples.EVERYWHERE_CID, Instant.parse("1969-12-31T23:59:59.75Z"))
                .hasSize(2);

        byte[] drop = fixture(g.file("hot-drop.bin"));
        assertThat(drop[0]).isEqualTo((byte) 'H');
        assertThat(drop[1]).as("format version byte").isEqualTo((byte) g.drop);
        io.pincluster.core.cold.HotDrop decoded = io.pincluster.consensus.codec.ArchiveCodec.decodeDrop(drop);
        assertThat(decoded).isEqualTo(GoldenSamples.HOT_DROP);
        assertThat(decoded.objectKey()).startsWith("archives/bafybei").endsWith("0a08.car");
        assertThat(decoded.pinTimestamp()).isEqualTo(Instant.parse("2026-12-03T15:00:00.000000001Z"));
        assertThat(decoded.lastReadAt()).isEqualTo(GoldenSamples.RICH_READ_AT);
        io.pincluster.core.cold.HotDrop unread =
                io.pincluster.consensus.codec.ArchiveCodec.decodeDrop(fixture(g.file("hot-drop-unread.bin")));
        assertThat(unread).isEqualTo(GoldenSamples.HOT_DROP_UNREAD);
        assertThat(unread.lastReadAt()).isNull();
        assertThat(unread.objectKey()).startsWith("tenant ✓/Qm");

        assertSameBytes(io.pincluster.consensus.codec.ArchiveCodec.encodeReads(GoldenSamples.READ_REPORT),
                g.file("read-report.bin"));
        assertSameBytes(io.pincluster.consensus.codec.ArchiveCodec.encodeDrop(GoldenSamples.HOT_DROP),
                g.file("hot-drop.bin"));
        assertSameBytes(io.pincluster.consensus.codec.ArchiveCodec.encodeDrop(GoldenSamples.HOT_DROP_UNREAD),
                g.file("hot-drop-unread.bin"));
    }

    /** A leader of a build without read reports or hot drops refuses them as pin request batches (decision 0024). */
    @Test
    void aBuildThatDoesNotKnowReadsOrDropsRefusesThemAsPinRequests() {
        for (String name : List.of("read-report.bin", "hot-drop.bin")) {
            byte[] message = fixture(Generation.V8.file(name));
            assertThat(io.pincluster.consensus.codec.ArchiveCodec.isArchiveMessage(message)).isFalse();
            assertThat(io.pincluster.consensus.codec.ArchiveCodec.isRemovalMessage(message)).isFalse();
            assertThat(DirectoryCodec.isDirectoryMessage(message)).isFalse();
            assertThat(RevocationCodec.isRevocationMessage(message)).isFalse();
            assertThat(PsaCodec.isPsaMessage(message)).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decodeRequests(message))
                    .as(name).isInstanceOf(io.pincluster.consensus.codec.MalformedDataException.class);
        }
    }

    /** Without read times this build writes the archive index as the previous build did (format 7, as in v7). */
    @Test
    void aSnapshotWithoutReadTimesIsWrittenInFormat7() throws IOException {
        Path written = tmp.resolve("snapshot.bin");
        SnapshotFile.write(written, GoldenSamples.SNAPSHOT_TERM, GoldenSamples.SNAPSHOT_INDEX,
                GoldenSamples.SNAPSHOT_PINS, GoldenSamples.SNAPSHOT_DIRECTORY, GoldenSamples.SNAPSHOT_REVOCATIONS,
                GoldenSamples.SNAPSHOT_PSA_PINS, GoldenSamples.SNAPSHOT_TENANTS, GoldenSamples.SNAPSHOT_ARCHIVES,
                (Instant) null);
        assertSameBytes(Files.readAllBytes(written), Generation.V7.file("snapshot.bin"));
    }

    /**
     * A leader of a build without archive removals reads the message as a pin request batch (none of the kinds it
     * knows) and must refuse it, not apply it as something else: the collector then deletes nothing (decision 0021).
     */
    @Test
    void aBuildThatDoesNotKnowRemovalsRefusesThemAsPinRequests() {
        byte[] removal = fixture(Generation.V7.file("archive-removal.bin"));
        assertThat(io.pincluster.consensus.codec.ArchiveCodec.isArchiveMessage(removal)).isFalse();
        assertThat(DirectoryCodec.isDirectoryMessage(removal)).isFalse();
        assertThat(RevocationCodec.isRevocationMessage(removal)).isFalse();
        assertThat(PsaCodec.isPsaMessage(removal)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decodeRequests(removal))
                .isInstanceOf(io.pincluster.consensus.codec.MalformedDataException.class);
    }

    /** Without an archive index this build writes what the previous build wrote (format 6 here, with tenants). */
    @Test
    void aSnapshotWithoutArchivesIsWrittenInThePreviousFormat() throws IOException {
        Path written = tmp.resolve("snapshot.bin");
        SnapshotFile.write(written, GoldenSamples.SNAPSHOT_TERM, GoldenSamples.SNAPSHOT_INDEX,
                GoldenSamples.SNAPSHOT_PINS, GoldenSamples.SNAPSHOT_DIRECTORY, GoldenSamples.SNAPSHOT_REVOCATIONS,
                GoldenSamples.SNAPSHOT_PSA_PINS, GoldenSamples.SNAPSHOT_TENANTS, List.of(), (Instant) null);
        assertSameBytes(Files.readAllBytes(written), Generation.V5.file("snapshot.bin"));
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void tenantEntriesDecodeEveryField(Generation g) {
        assumeTrue(g.tenant > 0, "no tenant entries before generation v5");
        byte[] put = fixture(g.file("tenant-put.bin"));
        assertThat(put[0]).isEqualTo((byte) 'S');
        assertThat(put[1]).as("format version byte").isEqualTo((byte) g.tenant);

        PsaOp decoded = PsaCodec.decodeEntry(put);

        assertThat(decoded).isEqualTo(new PsaOp.PutTenant(GoldenSamples.TENANT_RICH));
        io.pincluster.core.psa.Tenant t = ((PsaOp.PutTenant) decoded).tenant();
        assertThat(t.name()).isEqualTo("acme.corp+eu@1");
        assertThat(t.maxPins()).isEqualTo(250_000);
        assertThat(t.maxBytes()).isEqualTo(5_000_000_000_000L);
        assertThat(t.replicationMin()).isEqualTo(2);
        assertThat(t.replicationMax()).isEqualTo(5);
        assertThat(t.disabled()).isTrue();
        assertThat(t.created()).isEqualTo(Instant.parse("2026-12-04T15:30:00.123Z"));
        assertThat(PsaCodec.decodeEntry(fixture(g.file("tenant-remove.bin"))))
                .isEqualTo(new PsaOp.RemoveTenant(GoldenSamples.TENANT_REMOVED));
        assertSameBytes(PsaCodec.encodeTenantEntry(GoldenSamples.TENANT_RICH, GoldenSamples.TENANT_MODE),
                g.file("tenant-put.bin"));
        assertSameBytes(PsaCodec.encodeTenantRemove(GoldenSamples.TENANT_REMOVED), g.file("tenant-remove.bin"));
    }

    /** Without tenant records this build writes what the previous build wrote (format 5 here, with requests). */
    @Test
    void aSnapshotWithoutTenantsIsWrittenInThePreviousFormat() throws IOException {
        Path written = tmp.resolve("snapshot.bin");
        SnapshotFile.write(written, GoldenSamples.SNAPSHOT_TERM, GoldenSamples.SNAPSHOT_INDEX,
                GoldenSamples.SNAPSHOT_PINS, GoldenSamples.SNAPSHOT_DIRECTORY, GoldenSamples.SNAPSHOT_REVOCATIONS,
                GoldenSamples.SNAPSHOT_PSA_PINS, List.of(), (Instant) null);
        assertSameBytes(Files.readAllBytes(written), Generation.V4.file("snapshot.bin"));
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void psaEntriesDecodeEveryField(Generation g) {
        assumeTrue(g.psa > 0, "no pinning service entries before generation v4");
        byte[] put = fixture(g.file("psa-put.bin"));
        assertThat(put[0]).isEqualTo((byte) 'S');
        assertThat(put[1]).as("format version byte").isEqualTo((byte) g.psa);

        PsaOp decoded = PsaCodec.decodeEntry(put);

        assertThat(decoded).isEqualTo(new PsaOp.Put(GoldenSamples.PSA_RICH, GoldenSamples.PSA_REPLACES));
        PsaPin pin = ((PsaOp.Put) decoded).pin();
        assertThat(pin.requestId()).isEqualTo("req_Rich-01");
        assertThat(pin.owner()).isEqualTo("tenant ✓ a");
        assertThat(pin.cid()).hasToString("bafybeieqkse3gam46oags6jkwnpavf5at545ckaf7abre2toza3c4j2y4y");
        assertThat(pin.name()).isEqualTo("golden ✓ psa name");
        assertThat(pin.origins()).hasSize(2);
        assertThat(pin.meta()).containsExactly(entry("app_id", "99986338"), entry("z", ""));
        assertThat(pin.replication()).isEqualTo(3);
        assertThat(pin.created()).isEqualTo(Instant.parse("2026-12-04T12:34:56.789Z"));
        assertThat(PsaCodec.decodeEntry(fixture(g.file("psa-remove.bin"))))
                .isEqualTo(new PsaOp.Remove(GoldenSamples.PSA_REMOVED));
        assertSameBytes(PsaCodec.encodePutEntry(GoldenSamples.PSA_RICH, GoldenSamples.PSA_REPLACES,
                GoldenSamples.PSA_QUOTA), g.file("psa-put.bin"));
        assertSameBytes(PsaCodec.encodeRemove(GoldenSamples.PSA_REMOVED), g.file("psa-remove.bin"));
    }

    /** Without pin requests this build writes what the previous build wrote (format 4 here, with revocations). */
    @Test
    void aSnapshotWithoutPsaPinsIsWrittenInThePreviousFormat() throws IOException {
        Path written = tmp.resolve("snapshot.bin");
        SnapshotFile.write(written, GoldenSamples.SNAPSHOT_TERM, GoldenSamples.SNAPSHOT_INDEX,
                GoldenSamples.SNAPSHOT_PINS, GoldenSamples.SNAPSHOT_DIRECTORY, GoldenSamples.SNAPSHOT_REVOCATIONS,
                List.of(), (Instant) null);
        assertSameBytes(Files.readAllBytes(written), Generation.V3.file("snapshot.bin"));
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void revocationEntryDecodesEveryField(Generation g) {
        assumeTrue(g.revocation > 0, "no revocation entry before generation v3");
        byte[] bytes = fixture(g.file("revocation.bin"));
        assertThat(bytes[0]).isEqualTo((byte) 'T');
        assertThat(bytes[1]).as("format version byte").isEqualTo((byte) g.revocation);

        RevocationCodec.Entry decoded = RevocationCodec.decode(bytes);

        assertThat(decoded).isEqualTo(GoldenSamples.REVOCATION_ENTRY);
        assertThat(decoded.revocation().tokenId()).isEqualTo("AQAAAABpMWf8q83vEjRWeJo");
        assertThat(decoded.revocation().owner()).isEqualTo("ops ✓ user");
        assertThat(decoded.revocation().expiresAt()).isEqualTo(Instant.parse("2026-12-04T18:00:00Z"));
        assertThat(decoded.decidedAt()).isEqualTo(Instant.parse("2026-12-04T06:00:00.000000123Z"));
        assertSameBytes(RevocationCodec.encode(GoldenSamples.REVOCATION_ENTRY), g.file("revocation.bin"));
    }

    /**
     * Without revoked tokens this build writes snapshot format 3, byte for byte what the previous build wrote, so a
     * peer of that build can install it during a rolling upgrade; format 4 only when there are revocations to hold.
     */
    @Test
    void aSnapshotWithoutRevocationsIsWrittenInThePreviousFormat() throws IOException {
        Path written = tmp.resolve("snapshot.bin");
        SnapshotFile.write(written, GoldenSamples.SNAPSHOT_TERM, GoldenSamples.SNAPSHOT_INDEX,
                GoldenSamples.SNAPSHOT_PINS, GoldenSamples.SNAPSHOT_DIRECTORY, List.of());
        assertSameBytes(Files.readAllBytes(written), Generation.V2.file("snapshot.bin"));
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void thisBuildStillWritesExactlyTheseBytesWhenAskedForTheirVersions(Generation g) throws IOException {
        PinOpCodec writer = new PinOpCodec(g.entry);
        assertSameBytes(writer.encodeEntry(GoldenSamples.ENTRY), g.file("entry-pins.bin"));
        assertSameBytes(writer.encodeEntry(List.of()), g.file("entry-empty.bin"));
        assertSameBytes(DirectoryCodec.encode(GoldenSamples.MEMBER, g.directory), g.file("directory-member.bin"));
        assertSameBytes(DirectoryCodec.encode(GoldenSamples.REMOVED, g.directory), g.file("directory-removed.bin"));
        assertSameBytes(writer.encodeRequests(GoldenSamples.REQUESTS), g.file("requests.bin"));
        assertSameBytes(writer.encodeResults(GoldenSamples.RESULTS), g.file("results.bin"));
        Path written = tmp.resolve("snapshot.bin");
        SnapshotFile.write(written, GoldenSamples.SNAPSHOT_TERM, GoldenSamples.SNAPSHOT_INDEX,
                GoldenSamples.SNAPSHOT_PINS, GoldenSamples.SNAPSHOT_DIRECTORY, g.revocations(), g.psaPins(),
                g.tenants(), g.archives(), g.snapshot);
        assertSameBytes(Files.readAllBytes(written), g.file("snapshot.bin"));
    }

    @Test
    void byDefaultThisBuildWritesTheNewestGeneration() throws IOException {
        Generation newest = Generation.values()[Generation.values().length - 1];
        assertThat(newest.entry).isEqualTo(PinOpCodec.ENTRY_FORMAT.newest());
        assertThat(newest.directory).isEqualTo(DirectoryCodec.FORMAT.newest());
        assertThat(newest.snapshot).isEqualTo(SnapshotFile.FORMAT.newest());
        assertSameBytes(codec.encodeEntry(GoldenSamples.ENTRY), newest.file("entry-pins.bin"));
        assertSameBytes(DirectoryCodec.encode(GoldenSamples.MEMBER), newest.file("directory-member.bin"));
        Path written = tmp.resolve("snapshot.bin");
        assertThat(newest.revocation).isEqualTo(RevocationCodec.FORMAT.newest());
        assertThat(newest.tenant).isEqualTo(PsaCodec.FORMAT.newest());
        assertThat(newest.archive).isEqualTo(io.pincluster.consensus.codec.ArchiveCodec.FORMAT.newest());
        assertThat(newest.removal).isEqualTo(io.pincluster.consensus.codec.ArchiveCodec.REMOVAL_FORMAT.newest());
        assertThat(newest.reads).isEqualTo(io.pincluster.consensus.codec.ArchiveCodec.READS_FORMAT.newest());
        assertThat(newest.drop).isEqualTo(io.pincluster.consensus.codec.ArchiveCodec.DROP_FORMAT.newest());
        SnapshotFile.write(written, GoldenSamples.SNAPSHOT_TERM, GoldenSamples.SNAPSHOT_INDEX,
                GoldenSamples.SNAPSHOT_PINS, GoldenSamples.SNAPSHOT_DIRECTORY, newest.revocations(),
                newest.psaPins(), newest.tenants(), newest.archives(), (Instant) null);
        assertSameBytes(Files.readAllBytes(written), newest.file("snapshot.bin"));
    }

    /** Names the first differing offset rather than printing two byte arrays of a kilobyte each. */
    private static void assertSameBytes(byte[] actual, String resource) {
        byte[] expected = fixture(resource);
        int differsAt = Arrays.mismatch(actual, expected);
        assertThat(differsAt).as("%s: first differing offset (written %d bytes, fixture %d)", resource,
                actual.length, expected.length).isEqualTo(-1);
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
