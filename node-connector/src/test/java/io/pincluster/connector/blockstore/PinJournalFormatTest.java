package io.pincluster.connector.blockstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.PinMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The pin journal's record bytes, as a golden fixture: a peer upgraded in place replays the journal an earlier
 * version wrote, so a change to these bytes (or to {@link PinMode}'s order, whose ordinals the records hold) must
 * fail here. The fixture was computed outside the code under test (a CRC32C written from its definition).
 */
class PinJournalFormatTest {
    private static final Cid CID_V1 = Cid.v1(Codec.RAW, Multihash.sha256("pin 1".getBytes(StandardCharsets.UTF_8)));
    private static final Cid CID_V0 = Cid.v0(Multihash.sha256("pin 2".getBytes(StandardCharsets.UTF_8)));

    /** pin CID_V1 recursive (44 bytes), pin CID_V0 direct (42 bytes), unpin CID_V1 (44 bytes). */
    private static final byte[] GOLDEN = HexFormat.of().parseHex(
            "01000024015512205480a3b7e45e65053754db404cf37d039d960707aad9896b569375f0f6c8fd366f5733c601010022"
                    + "1220b2951eb2397bb3933ceab5c4556511e09d4c6413fb8f3a28ba3b85ca8957c6b4aa258ab502000024015512205480"
                    + "a3b7e45e65053754db404cf37d039d960707aad9896b569375f0f6c8fd360cfb7a4a");

    @Test
    void recordsAreWrittenAsTheGoldenBytes() {
        ByteBuffer buf = ByteBuffer.allocate(PinJournalFormat.length(CID_V1) * 2 + PinJournalFormat.length(CID_V0));
        CRC32C crc = new CRC32C();
        PinJournalFormat.write(buf, crc, CID_V1, PinMode.RECURSIVE);
        PinJournalFormat.write(buf, crc, CID_V0, PinMode.DIRECT);
        PinJournalFormat.write(buf, crc, CID_V1, null);
        assertThat(buf.remaining()).isZero();
        assertThat(HexFormat.of().formatHex(buf.array())).isEqualTo(HexFormat.of().formatHex(GOLDEN));
    }

    @Test
    void theGoldenBytesReadBackRecordByRecord() {
        ByteBuffer buf = ByteBuffer.wrap(GOLDEN);
        PinJournalFormat.Record first = PinJournalFormat.read(buf, 0);
        assertThat(first).isEqualTo(new PinJournalFormat.Record(CID_V1, PinMode.RECURSIVE, 44));
        PinJournalFormat.Record second = PinJournalFormat.read(buf, first.end());
        assertThat(second).isEqualTo(new PinJournalFormat.Record(CID_V0, PinMode.DIRECT, 86));
        assertThat(second.cid().version()).isZero();
        PinJournalFormat.Record third = PinJournalFormat.read(buf, second.end());
        assertThat(third).isEqualTo(new PinJournalFormat.Record(CID_V1, null, GOLDEN.length));
    }

    @Test
    void aRecordWithAnyOneByteChangedIsNotRead() {
        for (int i = 0; i < 44; i++) {
            byte[] damaged = GOLDEN.clone();
            damaged[i] ^= 0x5a;
            assertThat(PinJournalFormat.read(ByteBuffer.wrap(damaged), 0)).as("byte %d changed", i).isNull();
        }
    }

    @Test
    void aShortRecordIsNotReadAndTheNextWholeOneIsFoundPastDamage() {
        assertThat(PinJournalFormat.read(ByteBuffer.wrap(GOLDEN, 0, 43).slice(), 0)).as("one byte short").isNull();
        assertThat(PinJournalFormat.read(ByteBuffer.wrap(GOLDEN, 0, 3).slice(), 0)).as("a torn header").isNull();

        byte[] damaged = GOLDEN.clone();
        damaged[10] ^= 1;
        ByteBuffer buf = ByteBuffer.wrap(damaged);
        assertThat(PinJournalFormat.read(buf, 0)).isNull();
        assertThat(PinJournalFormat.nextWhole(buf, 1)).isEqualTo(44);
        assertThat(PinJournalFormat.nextWhole(ByteBuffer.wrap(GOLDEN, 0, 50).slice(), 1)).as("nothing whole after")
                .isEqualTo(-1);
    }
}
