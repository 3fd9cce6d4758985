package io.pincluster.core.component;

import io.pincluster.core.pin.PinOptions;

/** The options of {@code POST /add}: Kubo's import options plus the pin options of the resulting pin. */
public record AddRequest(PinOptions pinOptions, int cidVersion, boolean rawLeaves, int chunkSize, boolean recursive,
                         boolean hidden, boolean wrapWithDirectory, boolean progress, boolean noPin, boolean local,
                         String format) {
    public static final int DEFAULT_CHUNK_SIZE = 262144;

    public AddRequest {
        if (cidVersion != 0 && cidVersion != 1) {
            throw new IllegalArgumentException("cid-version must be 0 or 1, not " + cidVersion);
        }
        if (chunkSize <= 0 || chunkSize > 1024 * 1024) {
            throw new IllegalArgumentException("chunk size must be between 1 and 1048576 bytes, not " + chunkSize);
        }
        format = format == null || format.isEmpty() ? "unixfs" : format;
        if (!format.equals("unixfs") && !format.equals("car")) {
            throw new IllegalArgumentException("format must be unixfs or car, not '" + format + "'");
        }
    }
}
