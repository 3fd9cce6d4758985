package io.pincluster.consensus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.token.TokenRevocation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The token revocation message: request and log entry round trips, fields a later build appends are skipped, a
 * newer format is refused by name, and what a peer of the previous build does with it during a rolling upgrade.
 */
class RevocationCodecTest {
    private static final Instant EXPIRES = Instant.parse("2026-12-04T18:00:00Z");
    private static final Instant DECIDED = Instant.parse("2026-12-04T06:00:00.000000123Z");

    @Test
    void requestsAndEntriesRoundTrip() {
        TokenRevocation bobs = new TokenRevocation("AQAAAABpMWf8AAAAAAAAAA", "bob", EXPIRES);
        byte[] request = RevocationCodec.encodeRequest(bobs);
        assertThat(request[0]).isEqualTo((byte) 'T');
        assertThat(request[1]).as("format version byte").isEqualTo((byte) 1);
        assertThat(RevocationCodec.isRevocationMessage(request)).isTrue();
        assertThat(RevocationCodec.decode(request)).isEqualTo(new RevocationCodec.Entry(bobs, null));

        TokenRevocation anyOwner = TokenRevocation.ofAnyOwner("x", EXPIRES);
        byte[] entry = RevocationCodec.encode(new RevocationCodec.Entry(anyOwner, DECIDED));
        assertThat(RevocationCodec.decode(entry)).isEqualTo(new RevocationCodec.Entry(anyOwner, DECIDED));
        assertThat(RevocationCodec.decode(entry).revocation().anyOwner()).isTrue();
        assertThat(DirectoryCodec.isDirectoryMessage(entry)).isFalse();
    }

    @Test
    void skipsWhatALaterBuildAppendsAndRefusesANewerFormat() {
        TokenRevocation r = new TokenRevocation("t", "bob", EXPIRES);
        BinaryWriter w = new BinaryWriter(64).u8(RevocationCodec.KIND).u8(1);
        int mark = w.beginRecord();
        RevocationCodec.writeRecord(w, r);
        w.instant(DECIDED).string("a later build's field");
        w.endRecord(mark);
        assertThat(RevocationCodec.decode(w.toByteArray())).isEqualTo(new RevocationCodec.Entry(r, DECIDED));

        byte[] newer = RevocationCodec.encodeRequest(r);
        newer[1] = 2;
        assertThatThrownBy(() -> RevocationCodec.decode(newer)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("token revocation format version 2 is newer than this build reads");
        byte[] trailing = java.util.Arrays.copyOf(RevocationCodec.encodeRequest(r), newer.length + 1);
        assertThatThrownBy(() -> RevocationCodec.decode(trailing)).isInstanceOf(MalformedDataException.class);
    }

    @Test
    void refusesRecordsThatAreNoRevocation() {
        BinaryWriter w = new BinaryWriter(64).u8(RevocationCodec.KIND).u8(1);
        int mark = w.beginRecord();
        w.string("not a token id!").bool(true).instant(EXPIRES);
        w.endRecord(mark);
        assertThatThrownBy(() -> RevocationCodec.decode(w.toByteArray())).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("not a token ID");
        assertThatThrownBy(() -> new TokenRevocation("t", "x".repeat(256), EXPIRES))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A peer of the previous build sends every entry that is not a directory change to the pin entry decoder, and
     * every request to the request decoder: both refuse the revocation by its kind byte. Its state machine then logs
     * the entry at ERROR and skips it (a follower), or refuses the request (a leader): decision 0007.
     */
    @Test
    void aPeerOfThePreviousBuildRefusesTheRevocationByItsKindByte() {
        byte[] entry = RevocationCodec.encode(new RevocationCodec.Entry(new TokenRevocation("t", "bob", EXPIRES),
                DECIDED));
        PinOpCodec previous = new PinOpCodec();
        assertThatThrownBy(() -> previous.decodeEntry(entry)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("not a log entry (kind byte 84)");
        assertThatThrownBy(() -> previous.decodeRequests(RevocationCodec.encodeRequest(
                new TokenRevocation("t", "bob", EXPIRES)))).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("not a request batch (kind byte 84)");
    }
}
