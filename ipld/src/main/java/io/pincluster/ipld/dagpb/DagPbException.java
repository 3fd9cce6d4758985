package io.pincluster.ipld.dagpb;

/** A dag-pb block (or a protobuf message inside one) that does not follow the spec; the message says how. */
public class DagPbException extends IllegalArgumentException {
    public DagPbException(String message) {
        super(message);
    }

    public DagPbException(String message, Throwable cause) {
        super(message, cause);
    }
}
