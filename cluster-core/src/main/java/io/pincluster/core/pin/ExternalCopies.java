package io.pincluster.core.pin;

import io.pincluster.core.error.Excerpt;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How many copies of a pin external pinning services should hold (decision 0020), asked through the pin's user
 * metadata key {@value #METADATA_KEY}: a whole number from 0 to {@value #MAX}. A pin without the key takes the
 * cluster's {@code external.copies}. Metadata rather than a new pin option: the pin codec, the log and the snapshot
 * formats stay as they are, and the value is replicated, listed and exported with the pin already.
 */
public final class ExternalCopies {
    /** The metadata key ({@code meta-external-copies=1} on {@code POST /pins/{cid}}). */
    public static final String METADATA_KEY = "external-copies";
    /** More copies than any sane set of configured services. */
    public static final int MAX = 16;

    private ExternalCopies() {
    }

    /**
     * The count {@code metadata} asks for; empty when it does not say.
     *
     * @throws IllegalArgumentException the value is not a whole number from 0 to {@value #MAX}
     */
    public static OptionalInt requested(Map<String, String> metadata) {
        String v = metadata.get(METADATA_KEY);
        if (v == null) {
            return OptionalInt.empty();
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > MAX) {
            throw new IllegalArgumentException("metadata " + METADATA_KEY + " must be a whole number from 0 to " + MAX
                    + ", not '" + Excerpt.of(v) + "'");
        }
        return OptionalInt.of(n);
    }

    /** The copies {@code pin} wants: its metadata's, else {@code clusterDefault}; a malformed value counts as 0. */
    public static int wanted(Pin pin, int clusterDefault) {
        try {
            return requested(pin.options().metadata()).orElse(clusterDefault);
        } catch (IllegalArgumentException e) {
            return 0; // written before the check existed, or by a client that bypassed it: ask for nothing
        }
    }
}
