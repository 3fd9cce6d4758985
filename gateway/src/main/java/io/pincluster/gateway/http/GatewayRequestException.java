package io.pincluster.gateway.http;

import com.linecorp.armeria.common.HttpStatus;

/** A request the gateway refuses; the status and message go to the client as the error body. */
final class GatewayRequestException extends Exception {
    private final HttpStatus status;

    GatewayRequestException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static GatewayRequestException badRequest(String message) {
        return new GatewayRequestException(HttpStatus.BAD_REQUEST, message);
    }

    HttpStatus status() {
        return status;
    }
}
