package io.pincluster.rest.psa;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.psa.ContentSizes;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaTable;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * What a tenant holds (decision 0017): its pin requests, and the bytes of the distinct CIDs they name as this peer
 * knows them ({@link ContentSizes}: a DAG's size read from the root block in this peer's store). A CID named by
 * several of its requests counts once; a CID whose size is unknown here (content not yet pinned on this peer, or no
 * sizes in its links) counts 0 and is counted in {@code unknownSizes}. Walks the tenant's requests: O(its requests).
 *
 * @param pins         the tenant's pin requests
 * @param bytes        the bytes of its CIDs whose size is known
 * @param unknownSizes its CIDs whose size is not known here
 */
public record TenantUsage(long pins, long bytes, long unknownSizes) {
    /** The usage of {@code owner}, leaving out the request {@code excluding} (may be null: a replace). */
    public static TenantUsage of(PsaTable table, ContentSizes sizes, String owner, String excluding) {
        Set<Cid> seen = new HashSet<>();
        long pins = 0;
        long bytes = 0;
        long unknown = 0;
        for (Iterator<PsaPin> it = table.newestFirst(owner, null); it.hasNext(); ) {
            PsaPin p = it.next();
            if (p.requestId().equals(excluding)) {
                continue;
            }
            pins++;
            if (seen.add(p.cid())) {
                long size = sizes.sizeOf(p.cid());
                if (size < 0) {
                    unknown++;
                } else {
                    bytes += size;
                }
            }
        }
        return new TenantUsage(pins, bytes, unknown);
    }
}
