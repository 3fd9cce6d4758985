package io.pincluster.core.pin;

import io.pincluster.core.error.Excerpt;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The largest pin options a client may ask for. Every pin's options live in the replicated pinset on every peer, in
 * every snapshot and in every status answer, so one client with a megabyte of metadata per pin costs the whole
 * cluster; these bounds keep a pin's options to a few kilobytes. They are checked where requests come in (REST, the
 * future Pinning Service API), not when the pinset is read back, so pins written before the limits still load.
 */
public final class PinOptionLimits {
    /** A pin name, in UTF-8 bytes (a file name's usual limit). */
    public static final int MAX_NAME_BYTES = 255;
    /** Metadata entries per pin. */
    public static final int MAX_METADATA_ENTRIES = 64;
    /** A metadata key, in UTF-8 bytes. */
    public static final int MAX_METADATA_KEY_BYTES = 255;
    /** A metadata value, in UTF-8 bytes. */
    public static final int MAX_METADATA_VALUE_BYTES = 4096;
    /** All keys and values of one pin's metadata together, in UTF-8 bytes. */
    public static final int MAX_METADATA_TOTAL_BYTES = 16 * 1024;
    /** Peers named in {@code user-allocations}. */
    public static final int MAX_USER_ALLOCATIONS = 256;
    /** Multiaddrs in {@code origins}. */
    public static final int MAX_ORIGINS = 32;
    /** One origin multiaddr, in characters. */
    public static final int MAX_ORIGIN_CHARS = 1024;

    private PinOptionLimits() {
    }

    /** Throws an {@link IllegalArgumentException} naming the first limit {@code options} breaks. */
    public static void check(PinOptions options) {
        int nameBytes = utf8Length(options.name());
        if (nameBytes > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name: " + nameBytes + " bytes is over the limit of " + MAX_NAME_BYTES);
        }
        Map<String, String> metadata = options.metadata();
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new IllegalArgumentException("metadata: " + metadata.size() + " entries is over the limit of "
                    + MAX_METADATA_ENTRIES);
        }
        long total = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            int key = utf8Length(e.getKey());
            int value = utf8Length(e.getValue());
            if (key > MAX_METADATA_KEY_BYTES) {
                throw new IllegalArgumentException("metadata key '" + Excerpt.of(e.getKey()) + "': " + key
                        + " bytes is over the limit of " + MAX_METADATA_KEY_BYTES);
            }
            if (value > MAX_METADATA_VALUE_BYTES) {
                throw new IllegalArgumentException("metadata value of '" + Excerpt.of(e.getKey()) + "': " + value
                        + " bytes is over the limit of " + MAX_METADATA_VALUE_BYTES);
            }
            total += key + value;
        }
        if (total > MAX_METADATA_TOTAL_BYTES) {
            throw new IllegalArgumentException("metadata: " + total + " bytes in all is over the limit of "
                    + MAX_METADATA_TOTAL_BYTES);
        }
        ExternalCopies.requested(metadata); // a count the leader can act on, or a clear refusal now
        if (options.userAllocations().size() > MAX_USER_ALLOCATIONS) {
            throw new IllegalArgumentException("user-allocations: " + options.userAllocations().size()
                    + " peers is over the limit of " + MAX_USER_ALLOCATIONS);
        }
        if (options.origins().size() > MAX_ORIGINS) {
            throw new IllegalArgumentException("origins: " + options.origins().size() + " addresses is over the limit of "
                    + MAX_ORIGINS);
        }
        for (String origin : options.origins()) {
            if (origin.length() > MAX_ORIGIN_CHARS) {
                throw new IllegalArgumentException("origins: an address of " + origin.length()
                        + " characters is over the limit of " + MAX_ORIGIN_CHARS);
            }
        }
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
