package io.pincluster.ctl;

/** {@code --wait} gave up before every allocated peer reached the wanted status. Exit code 62. */
public class WaitTimeoutException extends RuntimeException {
    public WaitTimeoutException(String message) {
        super(message);
    }
}
