package io.pincluster.ctl;

/**
 * Process exit codes, the same as ipfs-cluster-ctl's so scripts written for it keep working:
 * 1 when the request could not be made (bad arguments, no connection), 2 when the API answered with an
 * error, 62 (ETIME) when {@code --wait} ran out of time.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int USAGE_OR_NETWORK = 1;
    public static final int API_ERROR = 2;
    public static final int WAIT_TIMEOUT = 62;

    private ExitCodes() {
    }
}
