package io.pincluster.core.psa;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;

/**
 * The leader refused a change of a tenant record: it exists already (a create, 409) or does not exist (an update,
 * 404). The message starts with {@link #MARKER} and the code, so the peer that asked can tell it from other
 * refusals when it comes back inside a state-machine exception.
 */
public final class TenantRefusedException extends ClusterException {
    public static final String MARKER = "PSA_TENANT_REFUSED";

    public TenantRefusedException(ErrorCode code, String message) {
        super(code, message);
    }

    /** The text the leader's refusal carries. */
    public String wire() {
        return MARKER + " " + code().name() + ": " + getMessage();
    }

    /** Reads {@link #wire()} out of {@code reason}; null when it holds none. */
    public static TenantRefusedException fromWire(String reason) {
        int at = reason == null ? -1 : reason.indexOf(MARKER + " ");
        if (at < 0) {
            return null;
        }
        String rest = reason.substring(at + MARKER.length() + 1);
        int colon = rest.indexOf(": ");
        int end = rest.indexOf('\n');
        if (colon < 0) {
            return null;
        }
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(rest.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new TenantRefusedException(code, rest.substring(colon + 2, end < 0 ? rest.length() : end));
    }
}
