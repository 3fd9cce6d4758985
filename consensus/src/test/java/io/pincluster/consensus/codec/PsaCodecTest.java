package io.pincluster.consensus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.psa.PsaOp;
import io.pincluster.core.psa.PsaPin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Pinning Service API's log entries and requests: round trips, bad input refused, older builds refuse them. */
class PsaCodecTest {
    private static final Cid CID = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
    private static final Instant CREATED = Instant.parse("2026-12-04T12:00:00.123Z");
    private static final PsaPin PIN = new PsaPin("req-1", "alice", CID, "name", List.of("/ip4/1.2.3.4/tcp/4001"),
            Map.of("k", "v"), 2, null);

    @Test
    void aPutRequestCarriesNoCreationTimeAndItsEntryDoes() {
        byte[] request = PsaCodec.encodePutRequest(PIN, "req-0", 5);
        PsaCodec.PutRequest decoded = PsaCodec.decodePutRequest(request);
        assertThat(decoded.pin()).isEqualTo(PIN);
        assertThat(decoded.replaces()).isEqualTo("req-0");
        assertThat(decoded.maxPinsPerOwner()).isEqualTo(5);
        assertThatThrownBy(() -> PsaCodec.decodeEntry(request)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("creation time");

        byte[] entry = PsaCodec.encodePutEntry(PIN.createdAt(CREATED), null, 0);
        assertThat(PsaCodec.decodeEntry(entry)).isEqualTo(new PsaOp.Put(PIN.createdAt(CREATED), null));
        assertThat(PsaCodec.decodeEntry(PsaCodec.encodeRemove("req-1"))).isEqualTo(new PsaOp.Remove("req-1"));
    }

    @Test
    void malformedBytesAreRefusedNotApplied() {
        byte[] entry = PsaCodec.encodePutEntry(PIN.createdAt(CREATED), null, 0);
        for (int cut = 1; cut < entry.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(entry, cut);
            assertThatThrownBy(() -> PsaCodec.decodeEntry(truncated)).isInstanceOf(MalformedDataException.class);
        }
        byte[] newer = entry.clone();
        newer[1] = 2;
        assertThatThrownBy(() -> PsaCodec.decodeEntry(newer)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("newer than this build");
    }

    /**
     * A peer of the previous build sends every entry that is neither a directory change nor a revocation to the pin
     * entry decoder, and every request to the request decoder: both refuse these by the kind byte. Its state machine
     * logs the entry at ERROR and skips it (a follower), or refuses the request (a leader): decision 0011.
     */
    @Test
    void aPeerOfThePreviousBuildRefusesThemByTheirKindByte() {
        PinOpCodec previous = new PinOpCodec();
        assertThatThrownBy(() -> previous.decodeEntry(PsaCodec.encodePutEntry(PIN.createdAt(CREATED), null, 0)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("not a log entry (kind byte 83)");
        assertThatThrownBy(() -> previous.decodeRequests(PsaCodec.encodePutRequest(PIN, null, 0)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("not a request batch (kind byte 83)");
        assertThat(RevocationCodec.isRevocationMessage(PsaCodec.encodeRemove("x"))).isFalse();
        assertThat(DirectoryCodec.isDirectoryMessage(PsaCodec.encodeRemove("x"))).isFalse();
    }
}
