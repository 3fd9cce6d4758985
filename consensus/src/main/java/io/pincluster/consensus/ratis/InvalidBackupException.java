package io.pincluster.consensus.ratis;

import java.io.IOException;

/** A state backup file that fails a check (truncated, corrupt, not a backup, a newer format): it is refused whole. */
public final class InvalidBackupException extends IOException {
    InvalidBackupException(String message) {
        super(message);
    }

    InvalidBackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
