package io.pincluster.core.cold;

import io.pincluster.core.pin.Pin;
import java.util.Locale;

/**
 * Which pins the cluster archives ({@code cold.policy} in {@code service.json}, decision 0019).
 */
public enum ArchivePolicy {
    /** The cold tier is off: nothing is archived (the default). */
    NONE,
    /** Every pin (recursive or direct) is archived. */
    ALL,
    /** Only pins whose options ask for it: pin option {@code archive=true}. */
    OPTION;

    /**
     * The pin option that asks for an archive. It travels in the pin's metadata under this key, so the log and
     * snapshot formats carry it unchanged and a peer of an older build keeps it (decision 0019). The REST API's
     * {@code archive=true} sets it; {@code meta-pincluster.archive=true} says the same.
     */
    public static final String OPTION_KEY = "pincluster.archive";

    /** Parses {@code none}, {@code all} or {@code option} (any case); anything else fails with the choices. */
    public static ArchivePolicy parse(String value) {
        if (value != null) {
            for (ArchivePolicy p : values()) {
                if (p.name().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("must be none, all or option, not \"" + value + "\"");
    }

    /** Whether a pin with these options is archived under this policy. */
    public boolean wants(Pin pin) {
        return switch (this) {
            case NONE -> false;
            case ALL -> true;
            case OPTION -> requested(pin);
        };
    }

    /** Whether {@code pin} carries {@code archive=true}. */
    public static boolean requested(Pin pin) {
        return "true".equals(pin.options().metadata().get(OPTION_KEY));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
