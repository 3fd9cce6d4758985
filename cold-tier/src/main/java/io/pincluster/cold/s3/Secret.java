package io.pincluster.cold.s3;

import java.util.Objects;

/**
 * A credential that must never reach a log line, an exception message or a {@code toString}: only {@link #reveal()}
 * hands out its value, and the one caller is the client factory that signs requests with it.
 */
public final class Secret {
    private static final String REDACTED = "<redacted>";
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException if {@code value} is null or blank (the message does not echo it)
     */
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value);
    }

    /** The secret itself: for signing requests, never for printing. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
