package io.pincluster.ctl;

/** The server answered with an error status; {@code message} is its {@code {"code","message"}} text. Exit code 2. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
