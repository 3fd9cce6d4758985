package io.pincluster.cold.s3;

/**
 * Thrown from an {@link UploadProgress} to stop an upload in this JVM after a given part, leaving what a crash
 * leaves: the upload open, the journal with the parts stored so far (the journal line is written before the
 * callback). Used by the resume tests that need no separate process.
 */
final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(int part) {
        super("simulated crash after part " + part);
    }

    /** A progress listener that crashes once part {@code lastPart} is stored. */
    static UploadProgress after(int lastPart) {
        return (key, part, parts) -> {
            if (part >= lastPart) {
                throw new SimulatedCrash(part);
            }
        };
    }
}
