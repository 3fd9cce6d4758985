package io.pincluster.gateway.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pincluster.core.cid.Cid;

/**
 * The CIDs the gateway reads and writes as text on every request (the path's root, the ETag, {@code x-ipfs-path}),
 * remembered for the hot ones: base58 both ways cost more than everything else the gateway did for a 64 KiB file
 * served from memory (profile: {@code Multibase.decodeBigRadix} and {@code encodeBigRadix} on top, with
 * BigInteger garbage). A CID and its text never change, so an entry is never stale. Bounded by count; a
 * malformed CID is not remembered (it throws). Thread-safe.
 */
final class CidText {
    /** Enough for the hot set of a busy gateway; an entry is two short strings and a CID, about 300 bytes. */
    static final int MAX_ENTRIES = 8_192;

    private static final Cache<String, Cid> PARSED = Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
            .executor(Runnable::run).build();
    private static final Cache<Cid, String> FORMATTED = Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
            .executor(Runnable::run).build();

    private CidText() {
    }

    /** {@link Cid#parse}, remembered; its exceptions as they are. */
    static Cid parse(String text) {
        Cid cid = PARSED.getIfPresent(text);
        if (cid == null) {
            cid = Cid.parse(text);
            PARSED.put(text, cid);
        }
        return cid;
    }

    /** {@link Cid#toString()}, remembered. */
    static String format(Cid cid) {
        return FORMATTED.get(cid, Cid::toString);
    }
}
