package io.pincluster.connector.kubo;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import java.util.Locale;

/**
 * The daemon answered a call with an error. Keeps the HTTP status and the daemon's own {@code Message}, because
 * some errors are answers ("not pinned") that callers must recognise.
 */
public final class KuboRpcException extends ClusterException {
    private final int status;
    private final String daemonMessage;

    public KuboRpcException(String command, int status, String daemonMessage) {
        super(codeFor(status, daemonMessage), "IPFS daemon: " + command + " failed (HTTP " + status + "): "
                + daemonMessage);
        this.status = status;
        this.daemonMessage = daemonMessage;
    }

    public int status() {
        return status;
    }

    /** The {@code Message} of the daemon's error body (or the raw body when it was not JSON). */
    public String daemonMessage() {
        return daemonMessage;
    }

    /** The daemon gave up waiting for data ({@code timeout=} expired): the content was not found in time. */
    public boolean isTimeout() {
        return isTimeoutMessage(daemonMessage);
    }

    /** Kubo: "not pinned or pinned indirectly"; js-ipfs: "path '...' is not pinned". */
    public boolean isNotPinned() {
        return daemonMessage.toLowerCase(Locale.ROOT).contains("not pinned");
    }

    static boolean isTimeoutMessage(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("timed out") || m.contains("deadline exceeded") || m.contains("timeout");
    }

    private static ErrorCode codeFor(int status, String message) {
        if (isTimeoutMessage(message)) {
            return ErrorCode.TIMEOUT;
        }
        return status == 400 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
    }
}
