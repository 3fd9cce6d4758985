package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.Decision;
import io.pincluster.consensus.codec.OpResult;
import io.pincluster.consensus.codec.PinRequest;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.state.PinOp;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The values encoded in the golden fixtures under {@code src/test/resources/golden/}: every message kind and
 * every pin field, spelled out as literals. FROZEN: the committed fixture bytes were made from exactly these
 * values, and {@link GoldenFormatsTest} expects them back. When a later format adds a field, older fixtures
 * decode with that field's default; give the new generation its own expectations instead of editing these.
 */
final class GoldenSamples {
    static final PeerId PEER_A = PeerId.parse("12D3KooWNay6utdVFTuikrxno2AaHrhdkcPwPdDDDCcvdPv6ixtV");
    static final PeerId PEER_B = PeerId.parse("12D3KooWA1yXQfKD3c8QznGkpf1ZepPH1FQKwAwMxbTh1feQsapZ");
    static final PeerId PEER_C = PeerId.parse("12D3KooWR1xWCziqXrwUo2hsnQK63CP8r4B2HaMru8ksokAm7UAW");
    static final PeerId PEER_U = PeerId.parse("12D3KooWHYQNVjEASWnU5nJBBtWRJgteio1NrEPJSgA1AhD6ucU3");

    static final Cid RICH_CID = Cid.parse("bafybeieqkse3gam46oags6jkwnpavf5at545ckaf7abre2toza3c4j2y4y");
    static final Cid MINIMAL_CID = Cid.parse("bafybeihhc3nbepfz4de2mlxmidowl2mjqpgxwzlvbozsxsbl7a2seybqqu");
    static final Cid EVERYWHERE_CID = Cid.parse("QmavvSCSfo9b5c3Pm5pJDME1dDVAcePeZ8DqpJbxC4ESGy");
    static final Cid REFERENCE_CID = Cid.parse("bafkreid6oxfesczc5gj36zqp4q5aqdpe3bigd5ab2ksvgbonc2hmhvconq");
    static final Cid UPDATED_FROM_CID = Cid.parse("bafybeibkubagqi2czmoof2syia3rotejkcld6rs4xqhzsg2t3v2r2wrh4i");
    static final Cid REMOVED_CID = Cid.parse("bafybeiaqhkg2bjmjvk6dtly4hp6fiz7dwbtx5iyp2p65xiwgrnpbeqn3yq");
    static final Cid EXPIRED_CID = Cid.parse("bafybeif7vjqsajb2ue5gk44oautjx26od36gwfspqkzblmsg2ozc23pfwu");

    /** Every option field set to something other than its default (transient ones included: requests carry them). */
    static final PinOptions RICH_OPTIONS = new PinOptions(2, 3, "golden ✓ naïve name", PinMode.DIRECT,
            5_000_000_000L, List.of(PEER_U, PEER_C), Instant.parse("2031-02-03T04:05:06.123456789Z"),
            metadata("a", "1", "owner", "ops ✓", "z", ""), UPDATED_FROM_CID,
            List.of("/ip4/10.0.0.1/tcp/4001/p2p/" + PEER_A, "/dns4/example.org/tcp/4001"));

    /** Every pin field set: a SHARD pin with allocations, a reference and a nanosecond timestamp. */
    static final Pin RICH_PIN = new Pin(RICH_CID, RICH_OPTIONS, PinType.SHARD, List.of(PEER_A, PEER_B),
            REFERENCE_CID, Instant.parse("2026-12-03T15:00:00.000000001Z"));

    /** Every field at its default (replication 0, recursive, DATA, no expiry, epoch timestamp). */
    static final Pin MINIMAL_PIN = new Pin(MINIMAL_CID, PinOptions.DEFAULTS, PinType.DATA, List.of(), null,
            Instant.EPOCH);

    /** Replication -1 (every peer, hence no allocations), a CIDv0, a META type and a time before the epoch. */
    static final Pin EVERYWHERE_PIN = new Pin(EVERYWHERE_CID,
            new PinOptions(-1, -1, "everywhere", PinMode.RECURSIVE, 0, List.of(), null, metadata("k", "v"), null,
                    List.of()),
            PinType.META, List.of(), REFERENCE_CID, Instant.parse("1969-12-31T23:59:55.000000007Z"));

    /** What a pin batch's log entry holds: each decision kind, pins of every shape. */
    static final List<Decision> ENTRY = List.of(
            new Decision.Apply(new PinOp.AddPin(RICH_PIN)),
            new Decision.Apply(new PinOp.AddPin(MINIMAL_PIN)),
            new Decision.Apply(new PinOp.AddPin(EVERYWHERE_PIN)),
            new Decision.Apply(new PinOp.RemovePin(REMOVED_CID)),
            new Decision.Reject(ErrorCode.NOT_FOUND, "pin_update: " + UPDATED_FROM_CID + " is not part of the pinset"));

    /** A peer registering itself in the replicated directory. */
    static final PeerRecord MEMBER = PeerRecord.member(PEER_A, "peer-a ✓", "10.0.0.1:9096", "10.0.0.1:9097");

    /** The marker a membership removal writes before the Raft configuration change (addresses kept). */
    static final PeerRecord REMOVED = PeerRecord.member(PEER_C, "peer-c", "10.0.0.3:9096", "10.0.0.3:9097")
            .asRemoved();

    /** The marker for a removed peer nobody knew the addresses of. */
    static final PeerRecord REMOVED_UNKNOWN = PeerRecord.member(PEER_U, "", "", "").asRemoved();

    static final List<PinRequest> REQUESTS = List.of(
            new PinRequest.Pin(RICH_CID, RICH_OPTIONS),
            new PinRequest.Pin(MINIMAL_CID, PinOptions.DEFAULTS),
            new PinRequest.Unpin(REMOVED_CID),
            new PinRequest.Expire(EXPIRED_CID));

    static final List<OpResult> RESULTS = List.of(
            new OpResult.Ok(RICH_PIN),
            new OpResult.Ok(null),
            new OpResult.Failed(ErrorCode.CONFLICT, "pin is not expired"));

    static final long SNAPSHOT_TERM = 3;
    static final long SNAPSHOT_INDEX = 1234;
    /** In CID order, as a snapshot holds them. */
    static final List<Pin> SNAPSHOT_PINS = Stream.of(RICH_PIN, MINIMAL_PIN, EVERYWHERE_PIN)
            .sorted(Comparator.comparing(Pin::cid)).toList();
    static final List<PeerRecord> SNAPSHOT_DIRECTORY = List.of(MEMBER,
            PeerRecord.member(PEER_B, "peer-b", "10.0.0.2:9096", "10.0.0.2:9097"), REMOVED, REMOVED_UNKNOWN);

    /** A revocation of one user's token as the leader logs it (generation v3 on): every field set. */
    static final io.pincluster.consensus.codec.RevocationCodec.Entry REVOCATION_ENTRY =
            new io.pincluster.consensus.codec.RevocationCodec.Entry(new io.pincluster.core.token.TokenRevocation(
                    "AQAAAABpMWf8q83vEjRWeJo", "ops ✓ user", Instant.parse("2026-12-04T18:00:00Z")),
                    Instant.parse("2026-12-04T06:00:00.000000123Z"));
    /** The revoked tokens of the snapshot (generation v3 on), in the order a snapshot holds them: an admin's too. */
    static final List<io.pincluster.core.token.TokenRevocation> SNAPSHOT_REVOCATIONS = List.of(
            io.pincluster.core.token.TokenRevocation.ofAnyOwner("AQAAAABpMWf8AAAAAAAAAA",
                    Instant.parse("2026-12-04T18:00:00Z")),
            REVOCATION_ENTRY.revocation(),
            new io.pincluster.core.token.TokenRevocation("legacy-id_22-chars-xyz", "bob",
                    Instant.parse("2027-01-03T06:00:00Z")));

    /** A Pinning Service API request as the leader logs its put (generation v4 on): every field set. */
    static final io.pincluster.core.psa.PsaPin PSA_RICH = new io.pincluster.core.psa.PsaPin("req_Rich-01",
            "tenant ✓ a", RICH_CID, "golden ✓ psa name", List.of("/ip4/10.0.0.1/tcp/4001/p2p/" + PEER_A,
            "/dns4/example.org/tcp/4001"), metadata("app_id", "99986338", "z", ""), 3,
            Instant.parse("2026-12-04T12:34:56.789Z"));
    /** Every optional field at its default: no name, origins or meta; replication -1 (everywhere). */
    static final io.pincluster.core.psa.PsaPin PSA_MINIMAL = new io.pincluster.core.psa.PsaPin("req-min",
            "bob", MINIMAL_CID, null, List.of(), Map.of(), -1, Instant.parse("1969-12-31T23:59:59.999Z"));
    /** The put's other fields: the request it replaces and the owner's quota. */
    static final String PSA_REPLACES = "req-old_1";
    static final int PSA_QUOTA = 1000;
    static final String PSA_REMOVED = "req-gone";
    /** The requests of the snapshot (generation v4 on), oldest first as a snapshot holds them. */
    static final List<io.pincluster.core.psa.PsaPin> SNAPSHOT_PSA_PINS = List.of(PSA_MINIMAL, PSA_RICH);

    /** A tenant record as the leader logs its put (generation v5 on): every field set (names are ASCII). */
    static final io.pincluster.core.psa.Tenant TENANT_RICH = new io.pincluster.core.psa.Tenant("acme.corp+eu@1",
            250_000, 5_000_000_000_000L, 2, 5, true, Instant.parse("2026-12-04T15:30:00.123Z"));
    /** Every setting at its default (0, not disabled), created before the epoch. */
    static final io.pincluster.core.psa.Tenant TENANT_MINIMAL = new io.pincluster.core.psa.Tenant("bob", 0, 0, 0, 0,
            false, Instant.parse("1969-12-31T23:59:59.999Z"));
    /** Replication -1 (every peer) for both factors. */
    static final io.pincluster.core.psa.Tenant TENANT_EVERYWHERE = new io.pincluster.core.psa.Tenant("z-all", 7, 1,
            -1, -1, false, Instant.parse("2026-12-04T15:30:00.124Z"));
    /** The write mode the tenant put fixture carries. */
    static final io.pincluster.core.psa.PsaRecords.TenantWrite TENANT_MODE =
            io.pincluster.core.psa.PsaRecords.TenantWrite.UPDATE;
    static final String TENANT_REMOVED = "gone-tenant";
    /** The tenant records of the snapshot (generation v5 on), by name as a snapshot holds them. */
    static final List<io.pincluster.core.psa.Tenant> SNAPSHOT_TENANTS = List.of(TENANT_RICH, TENANT_MINIMAL,
            TENANT_EVERYWHERE);

    /** The archive index entry of the fixture {@code archive.bin} (generation v6 on, decision 0019). */
    static final io.pincluster.core.cold.ArchiveEntry ARCHIVE_RICH = new io.pincluster.core.cold.ArchiveEntry(
            RICH_CID, "archives/" + RICH_CID + "/"
            + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.car",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 4_195_990L,
            "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq",
            Instant.parse("2026-12-04T19:00:00.000000042Z"));
    /** A CIDv0 pin archived under a custom prefix, before the epoch, with an empty CAR. */
    static final io.pincluster.core.cold.ArchiveEntry ARCHIVE_V0 = new io.pincluster.core.cold.ArchiveEntry(
            EVERYWHERE_CID, "tenant ✓/" + EVERYWHERE_CID + "/"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.car",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0L,
            "baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy",
            Instant.parse("1969-12-31T23:59:59.5Z"));
    /** The archive index of the snapshot (generation v6 on), in CID order as a snapshot holds it. */
    static final List<io.pincluster.core.cold.ArchiveEntry> SNAPSHOT_ARCHIVES = Stream.of(ARCHIVE_RICH, ARCHIVE_V0)
            .sorted(Comparator.comparing(io.pincluster.core.cold.ArchiveEntry::cid)).toList();

    /**
     * An archive removal (fixture {@code archive-removal.bin}, generation v7 on, decision 0021): the collector judged
     * the pin no longer wanted by the policy, so it names the pin's timestamp.
     */
    static final io.pincluster.core.cold.ArchiveRemoval ARCHIVE_REMOVAL = new io.pincluster.core.cold.ArchiveRemoval(
            RICH_CID, ARCHIVE_RICH.objectKey(), Instant.parse("2026-12-03T15:00:00.000000001Z"));
    /** A removal of an archive whose pin is gone (no timestamp), non-ASCII prefix ({@code archive-gone.bin}). */
    static final io.pincluster.core.cold.ArchiveRemoval ARCHIVE_REMOVAL_GONE =
            new io.pincluster.core.cold.ArchiveRemoval(EVERYWHERE_CID, ARCHIVE_V0.objectKey(), null);

    /** When {@link #ARCHIVE_RICH} was last read, in the snapshot of generation v8 on (decision 0024). */
    static final Instant RICH_READ_AT = Instant.parse("2026-12-05T00:30:00.000000007Z");
    /** The archive index of the snapshot from generation v8 on: the rich entry carries a read time, the other none. */
    static final List<io.pincluster.core.cold.ArchiveEntry> SNAPSHOT_ARCHIVES_READ = Stream.of(
            ARCHIVE_RICH.readAt(RICH_READ_AT), ARCHIVE_V0)
            .sorted(Comparator.comparing(io.pincluster.core.cold.ArchiveEntry::cid)).toList();
    /** A peer's read report (fixture {@code read-report.bin}, generation v8 on): two pins, one read before 1970. */
    static final io.pincluster.core.cold.ReadReport READ_REPORT = new io.pincluster.core.cold.ReadReport(Map.of(
            RICH_CID, RICH_READ_AT, EVERYWHERE_CID, Instant.parse("1969-12-31T23:59:59.75Z")));
    /** The leader's drop of a pin read before (fixture {@code hot-drop.bin}, generation v8 on). */
    static final io.pincluster.core.cold.HotDrop HOT_DROP = new io.pincluster.core.cold.HotDrop(RICH_CID,
            ARCHIVE_RICH.objectKey(), Instant.parse("2026-12-03T15:00:00.000000001Z"), RICH_READ_AT);
    /** The drop of a pin nobody read, under a non-ASCII prefix ({@code hot-drop-unread.bin}). */
    static final io.pincluster.core.cold.HotDrop HOT_DROP_UNREAD = new io.pincluster.core.cold.HotDrop(
            EVERYWHERE_CID, ARCHIVE_V0.objectKey(), Instant.parse("1969-12-31T23:59:59.5Z"), null);

    private GoldenSamples() {
    }

    private static Map<String, String> metadata(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
