package io.pincluster.ctl;

/** The request did not get an answer: connection refused, timeout, unreadable response. Exit code 1. */
public class TransportException extends RuntimeException {
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
