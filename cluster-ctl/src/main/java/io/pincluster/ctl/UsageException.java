package io.pincluster.ctl;

/** The command line is wrong: unknown command or flag, missing or malformed value. Exit code 1. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
