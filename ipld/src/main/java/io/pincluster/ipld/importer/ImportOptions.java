package io.pincluster.ipld.importer;

/**
 * The {@code ipfs add} settings the importer honours.
 *
 * @param cidVersion        0 (Kubo's default) or 1
 * @param rawLeaves         leaves are raw blocks (CIDv1 raw codec) instead of UnixFS file nodes
 * @param chunkSize         fixed chunk size in bytes ({@code --chunker=size-N})
 * @param maxLinks          links per interior node of the balanced tree (Kubo: 174)
 * @param hidden            include dotfiles when importing directories ({@code --hidden})
 * @param wrapWithDirectory wrap the imported paths in one more directory ({@code -w})
 */
public record ImportOptions(int cidVersion, boolean rawLeaves, int chunkSize, int maxLinks, boolean hidden,
                            boolean wrapWithDirectory) {
    public static final int DEFAULT_CHUNK_SIZE = 262_144;
    /** Kubo refuses larger chunks: a block must stay under the network's block limit. */
    public static final int MAX_CHUNK_SIZE = 1_048_576;
    public static final int DEFAULT_MAX_LINKS = 174;

    public ImportOptions {
        if (cidVersion != 0 && cidVersion != 1) {
            throw new IllegalArgumentException("unknown CID version " + cidVersion + " (use 0 or 1)");
        }
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is outside 1.." + MAX_CHUNK_SIZE);
        }
        if (maxLinks < 2) {
            throw new IllegalArgumentException("max links per node must be at least 2, not " + maxLinks);
        }
    }

    /** {@code ipfs add} with no flags. */
    public static ImportOptions kuboDefaults() {
        return new ImportOptions(0, false, DEFAULT_CHUNK_SIZE, DEFAULT_MAX_LINKS, false, false);
    }

    /** {@code --cid-version=1}: as Kubo does, this turns raw leaves on too. */
    public static ImportOptions kuboV1() {
        return kuboDefaults().withCidVersion(1).withRawLeaves(true);
    }

    public ImportOptions withCidVersion(int version) {
        return new ImportOptions(version, rawLeaves, chunkSize, maxLinks, hidden, wrapWithDirectory);
    }

    public ImportOptions withRawLeaves(boolean raw) {
        return new ImportOptions(cidVersion, raw, chunkSize, maxLinks, hidden, wrapWithDirectory);
    }

    public ImportOptions withChunkSize(int size) {
        return new ImportOptions(cidVersion, rawLeaves, size, maxLinks, hidden, wrapWithDirectory);
    }

    public ImportOptions withHidden(boolean include) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, maxLinks, include, wrapWithDirectory);
    }

    public ImportOptions withWrapWithDirectory(boolean wrap) {
        return new ImportOptions(cidVersion, rawLeaves, chunkSize, maxLinks, hidden, wrap);
    }
}
