package io.pincluster.gateway.http;

import java.util.Locale;

/**
 * What the client asked to receive: the deserialized file or directory, or one of the trustless formats of the
 * IPFS gateway specs. {@code ?format=} wins over {@code Accept}; an unknown {@code format} value is an error,
 * while an Accept header naming no IPLD type simply means "deserialized".
 */
enum ResponseFormat {
    DESERIALIZED(null, null),
    RAW("application/vnd.ipld.raw", "raw"),
    CAR("application/vnd.ipld.car", "car");

    private final String mediaType;
    private final String formatName;

    ResponseFormat(String mediaType, String formatName) {
        this.mediaType = mediaType;
        this.formatName = formatName;
    }

    String formatName() {
        return formatName;
    }

    static ResponseFormat select(String formatParam, String accept) throws GatewayRequestException {
        if (formatParam != null) {
            return switch (formatParam.toLowerCase(Locale.ROOT)) {
                case "raw" -> RAW;
                case "car" -> CAR;
                default -> throw GatewayRequestException.badRequest(
                        "unsupported format \"" + io.pincluster.core.error.Excerpt.of(formatParam) + "\" (supported: raw, car)");
            };
        }
        if (accept == null) {
            return DESERIALIZED;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            for (ResponseFormat f : values()) {
                if (type.equals(f.mediaType)) {
                    return f;
                }
            }
        }
        return DESERIALIZED;
    }
}
