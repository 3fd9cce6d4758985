package io.pincluster.consensus.ratis;

import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.Tenant;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.token.TokenRevocation;
import java.time.Instant;
import java.util.List;

/**
 * Everything the replicated state machine holds, copied at one applied log index: what a state backup writes
 * ({@link BackupFile}), the same parts a snapshot holds.
 *
 * @param term         the term of the entry at {@code index}
 * @param index        the applied log index the copy is of
 * @param pins         the pinset in CID order
 * @param directory    the peer directory (members and removal markers)
 * @param decisionTime the latest decision time of the log so far ({@link DecisionClock})
 * @param revocations  the revoked REST tokens that have not expired
 * @param psaPins      the Pinning Service API's pin requests
 * @param tenants      the Pinning Service API's tenant records
 * @param archives     the cold tier's archive index
 */
record StateCut(long term, long index, List<Pin> pins, List<PeerRecord> directory, Instant decisionTime,
                List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants,
                List<ArchiveEntry> archives) {
    StateCut(long term, long index, List<Pin> pins, List<PeerRecord> directory, Instant decisionTime,
             List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants) {
        this(term, index, pins, directory, decisionTime, revocations, psaPins, tenants, List.of());
    }

    StateCut(long term, long index, List<Pin> pins, List<PeerRecord> directory, Instant decisionTime,
             List<TokenRevocation> revocations, List<PsaPin> psaPins) {
        this(term, index, pins, directory, decisionTime, revocations, psaPins, List.of());
    }
}
