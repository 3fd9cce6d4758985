package io.pincluster.consensus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.psa.PsaOp;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaRecords;
import io.pincluster.core.psa.Tenant;
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
        newer[1] = 3;
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

    private static final Tenant TENANT = new Tenant("acme", 10, 1_000_000, 2, 3, false, null);

    @Test
    void aTenantRequestCarriesItsModeAndNoCreationTimeAndItsEntryDoes() {
        byte[] request = PsaCodec.encodeTenantRequest(TENANT, PsaRecords.TenantWrite.CREATE);
        assertThat(request[1]).as("tenant operations need format 2").isEqualTo((byte) 2);
        assertThat(PsaCodec.isTenantPut(request)).isTrue();
        assertThat(PsaCodec.isPut(request)).isFalse();
        PsaCodec.TenantRequest decoded = PsaCodec.decodeTenantRequest(request);
        assertThat(decoded.tenant()).isEqualTo(TENANT);
        assertThat(decoded.mode()).isEqualTo(PsaRecords.TenantWrite.CREATE);
        assertThatThrownBy(() -> PsaCodec.decodeEntry(request)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("creation time");

        byte[] entry = PsaCodec.encodeTenantEntry(TENANT.createdAt(CREATED), PsaRecords.TenantWrite.UPDATE);
        assertThat(PsaCodec.decodeEntry(entry)).isEqualTo(new PsaOp.PutTenant(TENANT.createdAt(CREATED)));
        assertThat(PsaCodec.decodeEntry(PsaCodec.encodeTenantRemove("acme")))
                .isEqualTo(new PsaOp.RemoveTenant("acme"));
    }

    @Test
    void pinRequestsAreStillWrittenInFormatOne() {
        assertThat(PsaCodec.encodePutRequest(PIN, null, 0)[1]).isEqualTo((byte) 1);
        assertThat(PsaCodec.encodeRemove("req-1")[1]).isEqualTo((byte) 1);
    }

    @Test
    void malformedTenantBytesAreRefused() {
        byte[] entry = PsaCodec.encodeTenantEntry(TENANT.createdAt(CREATED), PsaRecords.TenantWrite.UPDATE);
        for (int cut = 1; cut < entry.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(entry, cut);
            assertThatThrownBy(() -> PsaCodec.decodeEntry(truncated)).isInstanceOf(MalformedDataException.class);
        }
        byte[] inFormatOne = entry.clone();
        inFormatOne[1] = 1;
        assertThatThrownBy(() -> PsaCodec.decodeEntry(inFormatOne)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("tenant operation in pinning service request format 1");
        byte[] badName = PsaCodec.encodeTenantRemove("x");
        badName[badName.length - 1] = '/';
        assertThatThrownBy(() -> PsaCodec.decodeEntry(badName)).isInstanceOf(MalformedDataException.class);
    }

    /**
     * A peer of the build before tenant records reads format 1 only: it refuses a tenant entry by its version byte
     * (its follower logs and skips it, its leader refuses the request and the REST API answers 503): decision 0017.
     */
    @Test
    void aPeerOfThePreviousBuildRefusesTenantEntriesByTheirVersion() {
        FormatVersions previous = new FormatVersions("pinning service request", 1, 1);
        byte[] entry = PsaCodec.encodeTenantRemove("acme");
        assertThatThrownBy(() -> previous.check(entry[1])).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("pinning service request format version 2 is newer than this build reads");
    }
}
