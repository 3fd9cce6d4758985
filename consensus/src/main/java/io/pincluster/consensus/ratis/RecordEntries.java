package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.ArchiveCodec;
import io.pincluster.consensus.codec.DirectoryCodec;
import io.pincluster.consensus.codec.OpResult;
import io.pincluster.consensus.codec.PsaCodec;
import io.pincluster.consensus.codec.RevocationCodec;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.cold.ArchiveRemoval;
import io.pincluster.core.cold.HotDrop;
import io.pincluster.core.cold.ReadReport;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.psa.CreationTimes;
import io.pincluster.core.psa.LocalPsaRecords;
import io.pincluster.core.psa.PsaOp;
import io.pincluster.core.psa.PsaQuotaExceededException;
import io.pincluster.core.psa.PsaTable;
import io.pincluster.core.psa.Tenant;
import io.pincluster.core.psa.TenantRefusedException;
import io.pincluster.core.state.PeerDirectory;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.core.token.RevokedTokens;
import io.pincluster.core.token.TokenRevocation;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's entries that are not pin decisions, decided on the leader and applied on every replica: peer directory
 * records ({@link DirectoryCodec}), token revocations ({@link RevocationCodec}), the Pinning Service API's requests
 * and tenants ({@link PsaCodec}), and the cold tier's archive entries, removals, read reports and hot drops
 * ({@link ArchiveCodec}, decisions 0019, 0021 and 0024). Each kind is told apart by its first byte. The
 * {@link PinSetStateMachine} calls these on Ratis' threads: {@link #decide} on the leader's, {@link #apply} on the
 * single apply thread, under its apply lock.
 */
final class RecordEntries {
    private static final Logger LOG = LoggerFactory.getLogger(RecordEntries.class);
    /**
     * More revocations than any real use makes (each one is a token revoked in its last 12 hours, by default):
     * beyond it the leader refuses new ones instead of letting the record grow without bound.
     */
    static final int MAX_REVOCATIONS = 100_000;

    private final PinSetState pins;
    private final PeerDirectory directory;
    private final RevokedTokens revoked;
    private final PsaTable psaPins;
    private final ArchiveIndex archives;
    private final DecisionClock clock;
    /** Leader only: the last creation time given to a pin request, so each is unique ({@link CreationTimes}). */
    private Instant lastPsaCreated;
    private volatile Consumer<PeerRecord> onPeerRecord = r -> { };

    /**
     * @param pins  the pinset at the same entry: an archive of a pin unpinned meanwhile is not indexed, a hot drop
     *              changes the pin
     * @param clock the log's decision time, which revocations and pinning service requests carry and advance
     */
    RecordEntries(PinSetState pins, PeerDirectory directory, RevokedTokens revoked, PsaTable psaPins,
                  ArchiveIndex archives, DecisionClock clock) {
        this.pins = pins;
        this.directory = directory;
        this.revoked = revoked;
        this.psaPins = psaPins;
        this.archives = archives;
        this.clock = clock;
    }

    /** Whether {@code data} is one of these entries rather than a batch of pin requests or decisions. */
    static boolean isRecord(byte[] data) {
        return DirectoryCodec.isDirectoryMessage(data) || RevocationCodec.isRevocationMessage(data)
                || PsaCodec.isPsaMessage(data) || ArchiveCodec.isArchiveMessage(data)
                || ArchiveCodec.isRemovalMessage(data) || ArchiveCodec.isReadReport(data)
                || ArchiveCodec.isHotDrop(data);
    }

    /** Called on the apply thread after a directory record was applied; must return quickly. */
    void onPeerRecord(Consumer<PeerRecord> action) {
        onPeerRecord = action;
    }

    /**
     * Leader only: what the log gets for the request {@code data} ({@link #isRecord}): the request itself once it
     * is validated (so apply never sees a bad one), or the leader's decision on it (a time, a refusal).
     *
     * @return {@code data} itself when it is logged as it came
     * @throws IllegalStateException the leader refuses the request (its message is the peer's answer)
     */
    byte[] decide(byte[] data) {
        if (RevocationCodec.isRevocationMessage(data)) {
            return decideRevocation(data);
        }
        if (PsaCodec.isPsaMessage(data)) {
            return decidePsa(data);
        }
        if (DirectoryCodec.isDirectoryMessage(data)) {
            DirectoryCodec.decode(data);
        } else if (ArchiveCodec.isArchiveMessage(data)) {
            ArchiveCodec.decode(data);
        } else if (ArchiveCodec.isRemovalMessage(data)) {
            ArchiveCodec.decodeRemoval(data);
        } else if (ArchiveCodec.isReadReport(data)) {
            ArchiveCodec.decodeReads(data);
        } else {
            ArchiveCodec.decodeDrop(data);
        }
        return data;
    }

    /**
     * Every replica: applies the entry {@code data} ({@link #isRecord}) at log {@code index}.
     *
     * @return the result, and the pin a hot drop changed (counted as an applied pin op), if any
     */
    Applied apply(byte[] data, long index) {
        if (DirectoryCodec.isDirectoryMessage(data)) {
            PeerRecord record = DirectoryCodec.decode(data);
            directory.put(record);
            LOG.info("peer directory: {} {}", record.removed() ? "removed" : "registered", record);
            onPeerRecord.accept(record);
            return Applied.ok();
        }
        if (RevocationCodec.isRevocationMessage(data)) {
            return applyRevocation(RevocationCodec.decode(data), index);
        }
        if (PsaCodec.isPsaMessage(data)) {
            return applyPsa(PsaCodec.decodeEntry(data));
        }
        if (ArchiveCodec.isArchiveMessage(data)) {
            return applyArchive(ArchiveCodec.decode(data), index);
        }
        if (ArchiveCodec.isRemovalMessage(data)) {
            return applyArchiveRemoval(ArchiveCodec.decodeRemoval(data), index);
        }
        if (ArchiveCodec.isReadReport(data)) {
            return applyReads(ArchiveCodec.decodeReads(data));
        }
        return applyHotDrop(ArchiveCodec.decodeDrop(data), index);
    }

    /** An applied entry's result, and whether it changed a pin (a hot drop). */
    record Applied(OpResult result, boolean changedPin) {
        static Applied ok() {
            return new Applied(new OpResult.Ok(null), false);
        }
    }

    /**
     * Leader only: the logged revocation is the request with the leader's decision time, by which every replica
     * forgets the revocations whose tokens have expired, at the same entry.
     */
    private byte[] decideRevocation(byte[] request) {
        TokenRevocation revocation = RevocationCodec.decode(request).revocation();
        if (revoked.size() >= MAX_REVOCATIONS) {
            throw new IllegalStateException("too many revoked tokens (" + MAX_REVOCATIONS + " unexpired): change "
                    + "the users' passwords instead, which voids all their tokens");
        }
        return RevocationCodec.encode(new RevocationCodec.Entry(revocation, clock.now()));
    }

    private Applied applyRevocation(RevocationCodec.Entry entry, long index) {
        TokenRevocation revocation = entry.revocation();
        Instant decidedAt = entry.decidedAt();
        int forgotten = 0;
        if (decidedAt != null) {
            clock.observe(decidedAt);
            forgotten = revoked.forgetExpired(decidedAt);
        }
        if (decidedAt == null || revocation.expiresAt().isAfter(decidedAt)) {
            revoked.put(revocation);
        }
        LOG.info("token {} revoked at log index {} until {}{}", RevocationCodec.describe(revocation), index,
                revocation.expiresAt(), forgotten == 0 ? "" : "; forgot " + forgotten + " expired revocations");
        return Applied.ok();
    }

    /**
     * Leader only: a removal is logged as it came; a put gets its creation time, unique and never before a time
     * already in the log, and is refused when its owner holds its quota already (counted on this replica: requests
     * decided but not yet applied are not counted, so concurrent puts may pass the quota by a few).
     */
    private byte[] decidePsa(byte[] request) {
        if (PsaCodec.isTenantPut(request)) {
            return decideTenant(PsaCodec.decodeTenantRequest(request));
        }
        if (!PsaCodec.isPut(request)) {
            PsaCodec.decodeEntry(request); // validated here, so apply never sees a bad one
            return request;
        }
        PsaCodec.PutRequest put = PsaCodec.decodePutRequest(request);
        String owner = put.pin().owner();
        if (put.maxPinsPerOwner() > 0) {
            int held = psaPins.count(owner) - (put.replaces() != null && psaPins.get(put.replaces())
                    .map(p -> p.owner().equals(owner)).orElse(false) ? 1 : 0);
            if (held >= put.maxPinsPerOwner()) {
                throw new PsaQuotaExceededException(owner, put.maxPinsPerOwner());
            }
        }
        synchronized (psaPins) {
            Instant last = lastPsaCreated != null ? lastPsaCreated : clock.latest();
            lastPsaCreated = CreationTimes.next(clock.now(), last);
            return PsaCodec.encodePutEntry(put.pin().createdAt(lastPsaCreated), put.replaces(),
                    put.maxPinsPerOwner());
        }
    }

    /**
     * Leader only: a tenant record is refused when its write mode does not fit this replica (a create of an existing
     * name, an update of a missing one); otherwise it keeps the existing record's creation time or gets now.
     */
    private byte[] decideTenant(PsaCodec.TenantRequest request) {
        Tenant existing = psaPins.tenant(request.tenant().name()).orElse(null);
        Tenant committed;
        try {
            committed = LocalPsaRecords.decideTenant(request.tenant(), request.mode(), existing, clock.now());
        } catch (TenantRefusedException refused) {
            throw new IllegalStateException(refused.wire()); // the peer that asked reads it back
        }
        return PsaCodec.encodeTenantEntry(committed, request.mode());
    }

    private Applied applyPsa(PsaOp op) {
        if (op instanceof PsaOp.Put put) {
            clock.observe(put.pin().created());
        } else if (op instanceof PsaOp.PutTenant t) {
            LOG.info("tenant record {} {}", t.tenant().name(), psaPins.tenant(t.tenant().name()).isPresent()
                    ? "changed" : "created");
        } else if (op instanceof PsaOp.RemoveTenant t) {
            LOG.info("tenant record {} removed", t.name());
        }
        psaPins.apply(op);
        return Applied.ok();
    }

    /**
     * An archive of a pin that is still pinned goes into the index; one of a pin unpinned meanwhile is dropped (its
     * object stays in the bucket), identically on every replica since the pinset is the same at this entry.
     */
    private Applied applyArchive(ArchiveEntry entry, long index) {
        if (pins.get(entry.cid()).isEmpty()) {
            LOG.info("archive of {} at log index {} not indexed: the pin is gone", entry.cid(), index);
            return Applied.ok();
        }
        archives.put(entry);
        LOG.debug("archive of {} indexed at log index {}: {}", entry.cid(), index, entry.objectKey());
        return Applied.ok();
    }

    /**
     * The garbage collector's removal (decision 0021) drops the entry only if what the collector saw still holds at
     * this entry ({@link ArchiveRemoval#appliesTo}); otherwise it is a no-op, and the collector, reading its own
     * replica afterwards, sees the entry still there and deletes no object.
     */
    private Applied applyArchiveRemoval(ArchiveRemoval removal, long index) {
        if (!removal.appliesTo(archives.get(removal.cid()), pins.get(removal.cid()))) {
            LOG.info("archive removal of {} at log index {} ignored: the index or the pin changed since the "
                    + "collector looked", removal.objectKey(), index);
            return Applied.ok();
        }
        archives.remove(removal.cid());
        LOG.info("archive of {} dropped from the index at log index {}: {}", removal.cid(), index,
                removal.objectKey());
        return Applied.ok();
    }

    /** A peer's read times (decision 0024): each indexed pin keeps the later time; other CIDs are ignored. */
    private Applied applyReads(ReadReport report) {
        report.reads().forEach(archives::markRead);
        return Applied.ok();
    }

    /**
     * The leader's drop of an archived pin's hot copies (decision 0024), applied only if what the leader judged still
     * holds at this entry ({@link HotDrop#appliesTo}: the pin unchanged, its archive still indexed under the judged
     * key, no read reported since). The pin then stays in the pinset, allocated to no peer; its former holders release
     * their copies, and reads are served from the archive.
     */
    private Applied applyHotDrop(HotDrop drop, long index) {
        Optional<Pin> pin = pins.get(drop.cid());
        if (!drop.appliesTo(archives.get(drop.cid()), pin)) {
            LOG.info("hot drop of {} at log index {} ignored: the pin, its archive or its reads changed since the "
                    + "leader looked", drop.cid(), index);
            return Applied.ok();
        }
        Pin dropped = HotDrop.dropped(pin.get());
        pins.apply(new PinOp.AddPin(dropped));
        LOG.info("hot copies of {} dropped at log index {} (was on {}): only the archive {} holds it now",
                drop.cid(), index, pin.get().allocations(), drop.objectKey());
        return new Applied(new OpResult.Ok(dropped), true);
    }
}
