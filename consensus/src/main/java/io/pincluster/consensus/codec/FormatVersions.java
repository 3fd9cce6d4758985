package io.pincluster.consensus.codec;

/**
 * The versions of one stored or replicated format that this build reads: every version from {@code oldest} to
 * {@code newest}. Writers write {@code newest} unless told otherwise (decision 0004: a writer may only move to a
 * version every voter reads). A version outside the range is refused by name, never guessed at.
 *
 * @param format what the bytes are, for messages ("log entry", "snapshot", ...)
 */
public record FormatVersions(String format, int oldest, int newest) {
    public FormatVersions {
        if (oldest < 1 || newest < oldest) {
            throw new IllegalArgumentException("bad version range " + oldest + ".." + newest + " for " + format);
        }
    }

    /** Returns {@code version} if this build reads it; otherwise fails naming it. */
    public int check(long version) {
        if (version > newest) {
            throw new MalformedDataException(format + " format version " + version + " is newer than this build"
                    + " reads (" + range() + "): it was written by a newer Pincluster; upgrade this peer");
        }
        if (version < oldest) {
            throw new MalformedDataException("unknown " + format + " format version " + version + " (this build"
                    + " reads " + range() + ")");
        }
        return (int) version;
    }

    /**
     * Returns {@code version} if this build reads it, so a writer may be asked for it (a writer may refuse a
     * version it no longer can write, as the snapshot refuses format 1).
     */
    public int writable(int version) {
        if (version < oldest || version > newest) {
            throw new IllegalArgumentException("cannot write " + format + " format version " + version
                    + " (this build writes " + range() + ")");
        }
        return version;
    }

    private String range() {
        return oldest == newest ? "version " + newest : "versions " + oldest + " to " + newest;
    }
}
