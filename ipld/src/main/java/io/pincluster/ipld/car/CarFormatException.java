package io.pincluster.ipld.car;

import java.io.IOException;

/** A CAR stream that cannot be accepted; {@link #problem()} says which rule it broke. */
public final class CarFormatException extends IOException {

    /** The ways a CAR can be malformed. */
    public enum Problem {
        /** The header is not the dag-cbor map {@code {"roots": [CID...], "version": 1}}. */
        BAD_HEADER,
        /** The header names a version other than 1 (for example a CARv2 pragma). */
        UNSUPPORTED_VERSION,
        /** The stream ends inside the header or a section. */
        TRUNCATED,
        /** A section (or the header) is longer than the configured limit. */
        SECTION_TOO_LARGE,
        /** A section is empty, its length prefix is malformed, or it does not start with a valid CID. */
        BAD_SECTION,
        /** A section's data does not hash to its CID. */
        HASH_MISMATCH
    }

    private final Problem problem;

    public CarFormatException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public CarFormatException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
