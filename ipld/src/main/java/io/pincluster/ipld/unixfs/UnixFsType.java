package io.pincluster.ipld.unixfs;

/** The UnixFS {@code Data.Type} enum, with its wire numbers. */
public enum UnixFsType {
    RAW(0),
    DIRECTORY(1),
    FILE(2),
    METADATA(3),
    SYMLINK(4),
    HAMT_SHARD(5);

    private final int code;

    UnixFsType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static UnixFsType of(long code) {
        for (UnixFsType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new UnixFsException("unknown UnixFS type " + code + " (known: 0 Raw .. 5 HAMTShard)");
    }

    public boolean isDirectory() {
        return this == DIRECTORY || this == HAMT_SHARD;
    }
}
