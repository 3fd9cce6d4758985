package io.pincluster.core.cid;

/** The multicodec content types a CID can name. */
public enum Codec {
    RAW(0x55, "raw"),
    DAG_PB(0x70, "dag-pb"),
    DAG_CBOR(0x71, "dag-cbor");

    /** {@code values()} copies its array on each call; CIDs are decoded by the million. */
    private static final Codec[] VALUES = values();

    private final int code;
    private final String label;

    Codec(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Codec of(long code) {
        for (Codec c : VALUES) {
            if (c.code == code) {
                return c;
            }
        }
        throw new CidParseException("unsupported codec 0x" + Long.toHexString(code)
                + " (supported: raw 0x55, dag-pb 0x70, dag-cbor 0x71)");
    }
}
