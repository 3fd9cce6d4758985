package io.pincluster.consensus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.state.PinOp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Log entry and directory entry format versions: which ones are read, that a newer one is refused by name, and that
 * format 2 skips the optional fields a later build may append to a record (while format 1 stays strict).
 */
class VersionedFormatsTest {
    private final PinOpCodec codec = new PinOpCodec();

    private static Cid cid(String s) {
        return Cid.v1(Codec.DAG_PB, Multihash.sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static final PeerId PEER = PeerId.ofPublicKeyProto("p".getBytes(StandardCharsets.UTF_8));

    private static Pin pin(String name) {
        return new Pin(cid(name), new PinOptions(1, 2, name, null, 0, List.of(), null, Map.of("k", "v"), null,
                List.of()), null, List.of(PEER), null, Instant.ofEpochSecond(1_700_000_000L, 5));
    }

    /** A field a later build appends to a record: this build must skip it. */
    private static void laterBuildsField(BinaryWriter w) {
        w.varint(42).string("a field of a later format").bool(true);
    }

    @Test
    void anEntryOfANewerFormatIsRefusedNamingItsVersion() {
        byte[] entry = codec.encodeEntry(List.of(new Decision.Apply(new PinOp.RemovePin(cid("x")))));
        entry[1] = 3;

        assertThatThrownBy(() -> codec.decodeEntry(entry)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("log entry format version 3 is newer than this build reads (versions 1 to 2)")
                .hasMessageContaining("upgrade this peer");
        entry[1] = (byte) 255;
        assertThatThrownBy(() -> codec.decodeEntry(entry)).hasMessageContaining("log entry format version 255 is newer");
        entry[1] = 0;
        assertThatThrownBy(() -> codec.decodeEntry(entry)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("unknown log entry format version 0");
    }

    @Test
    void directoryEntriesRequestsAndResultsOfANewerFormatAreRefusedNamingTheirVersion() {
        byte[] directory = DirectoryCodec.encode(PeerRecord.member(PEER, "n", "h:1", "h:2"));
        directory[1] = 3;
        assertThatThrownBy(() -> DirectoryCodec.decode(directory)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("peer directory entry format version 3 is newer than this build reads");
        byte[] requests = codec.encodeRequests(List.of(new PinRequest.Unpin(cid("x"))));
        requests[1] = 3;
        assertThatThrownBy(() -> codec.decodeRequests(requests)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("request batch format version 3 is newer than this build reads (versions 1 to 2)");
        byte[] results = codec.encodeResults(List.of(new OpResult.Ok(null)));
        results[1] = 2;
        assertThatThrownBy(() -> codec.decodeResults(results)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("result batch format version 2 is newer");
    }

    @Test
    void aWriterCannotBeAskedForAFormatThisBuildDoesNotKnow() {
        assertThatThrownBy(() -> new PinOpCodec(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log entry format version 3");
        assertThatThrownBy(() -> new PinOpCodec(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DirectoryCodec.encode(PeerRecord.member(PEER, "", "", ""), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void format2SkipsFieldsALaterBuildAppendedToADecisionAndReadsTheDecisionsAfterIt() {
        PinCodec pins = new PinCodec();
        BinaryWriter w = new BinaryWriter(256).u8('E').u8(2).varint(3);
        w.u8(1);
        int mark = w.beginRecord();
        pins.writePin(w, pin("first"));
        laterBuildsField(w);
        w.endRecord(mark);
        w.u8(3);
        mark = w.beginRecord();
        w.string("CONFLICT").string("no");
        laterBuildsField(w);
        w.endRecord(mark);
        w.u8(2);
        mark = w.beginRecord();
        w.cid(cid("gone"));
        w.endRecord(mark);

        assertThat(codec.decodeEntry(w.toByteArray())).containsExactly(
                new Decision.Apply(new PinOp.AddPin(pin("first"))),
                new Decision.Reject(ErrorCode.CONFLICT, "no"),
                new Decision.Apply(new PinOp.RemovePin(cid("gone"))));
    }

    @Test
    void format2NeverSkipsADecisionOfAnUnknownKind() {
        BinaryWriter w = new BinaryWriter(64).u8('E').u8(2).varint(1).u8(9);
        int mark = w.beginRecord();
        w.cid(cid("x"));
        w.endRecord(mark);

        assertThatThrownBy(() -> codec.decodeEntry(w.toByteArray())).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("unknown log entry tag 9");
    }

    @Test
    void aFormat2RecordShorterThanItsFieldsFailsInsteadOfReadingIntoTheNextDecision() {
        byte[] good = codec.encodeEntry(List.of(new Decision.Apply(new PinOp.RemovePin(cid("a"))),
                new Decision.Apply(new PinOp.RemovePin(cid("b")))));
        byte[] shortened = good.clone();
        shortened[4]--; // 'E', 2, count, tag, length of the first record

        assertThatThrownBy(() -> codec.decodeEntry(shortened)).isInstanceOf(MalformedDataException.class);
    }

    @Test
    void format1StaysStrictAboutBytesItDoesNotKnow() {
        PinOpCodec v1 = new PinOpCodec(1);
        byte[] entry = v1.encodeEntry(List.of(new Decision.Apply(new PinOp.RemovePin(cid("x")))));
        assertThat(entry[1]).isEqualTo((byte) 1);
        byte[] extended = java.util.Arrays.copyOf(entry, entry.length + 1);

        assertThatThrownBy(() -> codec.decodeEntry(extended)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("trailing");
        byte[] record = DirectoryCodec.encode(PeerRecord.member(PEER, "n", "", ""), 1);
        byte[] extendedRecord = java.util.Arrays.copyOf(record, record.length + 1);
        assertThatThrownBy(() -> DirectoryCodec.decode(extendedRecord)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void bothEntryFormatsRoundTripDecisionsOfEverySizeAcrossTheLengthPrefixBoundaries() {
        for (int version = 1; version <= 2; version++) {
            PinOpCodec writer = new PinOpCodec(version);
            for (int nameLength : new int[] {0, 1, 60, 61, 62, 63, 64, 100, 16_300, 16_320, 16_400, 70_000}) {
                List<Decision> entry = List.of(new Decision.Apply(new PinOp.AddPin(pin("n".repeat(nameLength)))),
                        new Decision.Apply(new PinOp.RemovePin(cid("after"))));
                assertThat(codec.decodeEntry(writer.encodeEntry(entry))).as("format %d, name of %d", version,
                        nameLength).isEqualTo(entry);
            }
        }
    }

    @Test
    void format2DirectoryEntriesSkipFieldsALaterBuildAppended() {
        // A later build appends after every field this one knows, the operator requests included.
        PeerRecord withRequests = PeerRecord.member(PEER, "peer", "h:1", "h:2")
                .withDrain(PeerRecord.Drain.DRAIN).withMaintenanceUntil(Instant.ofEpochSecond(1_800_000_000L));
        BinaryWriter later = new BinaryWriter(128).u8('D').u8(2);
        int laterMark = later.beginRecord();
        DirectoryCodec.writeRecord(later, withRequests);
        laterBuildsField(later);
        later.endRecord(laterMark);
        assertThat(DirectoryCodec.decode(later.toByteArray())).isEqualTo(withRequests);

        PeerRecord record = PeerRecord.member(PEER, "peer", "h:1", "h:2").asRemoved();
        BinaryWriter w = new BinaryWriter(128).u8('D').u8(2);
        int mark = w.beginRecord();
        DirectoryCodec.writeRecord(w, record.withDrain(PeerRecord.Drain.NONE));
        w.u8(0).optionalInstant(null); // the requests block, unset, as a later build writes it
        laterBuildsField(w);
        w.endRecord(mark);

        assertThat(DirectoryCodec.decode(w.toByteArray())).isEqualTo(record);
        assertThat(DirectoryCodec.decode(DirectoryCodec.encode(record, 1))).isEqualTo(record);
        assertThat(DirectoryCodec.decode(DirectoryCodec.encode(record))).isEqualTo(record);
        assertThat(DirectoryCodec.encode(record)[1]).isEqualTo((byte) 2);
    }

    @Test
    void operatorRequestsRoundTripInFormat2AndARecordWithoutThemIsWrittenAsBefore() {
        PeerRecord plain = PeerRecord.member(PEER, "peer", "h:1", "h:2");
        for (PeerRecord.Drain drain : PeerRecord.Drain.values()) {
            PeerRecord r = plain.withDrain(drain).withMaintenanceUntil(drain == PeerRecord.Drain.NONE
                    ? Instant.ofEpochSecond(1_800_000_000L, 7) : null);
            assertThat(DirectoryCodec.decode(DirectoryCodec.encode(r))).isEqualTo(r);
        }
        assertThat(DirectoryCodec.encode(plain)).as("no requests, no extra bytes")
                .isEqualTo(DirectoryCodec.encode(plain.withDrain(PeerRecord.Drain.NONE)));
        assertThat(DirectoryCodec.encode(plain).length).isLessThan(DirectoryCodec.encode(
                plain.withDrain(PeerRecord.Drain.DRAIN)).length);
        assertThatThrownBy(() -> DirectoryCodec.encode(plain.withDrain(PeerRecord.Drain.DRAIN), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 1");
    }

    @Test
    void anUnknownDrainRequestIsRefusedByName() {
        BinaryWriter w = new BinaryWriter(128).u8('D').u8(2);
        int mark = w.beginRecord();
        DirectoryCodec.writeRecord(w, PeerRecord.member(PEER, "peer", "", ""));
        w.u8(9).optionalInstant(null);
        w.endRecord(mark);
        assertThatThrownBy(() -> DirectoryCodec.decode(w.toByteArray())).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("drain request 9");
    }
}
