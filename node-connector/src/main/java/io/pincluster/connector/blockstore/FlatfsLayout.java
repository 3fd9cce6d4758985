package io.pincluster.connector.blockstore;

import io.pincluster.core.block.BlockStoreException;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cid.Multibase;
import io.pincluster.core.cid.Multihash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubo's flatfs layout: {@code blocks/<shard>/<KEY>.data}, where KEY is the unpadded upper-case base32 of the
 * multihash and the shard is the two characters before the key's last one ({@code next-to-last/2}). Keying by
 * multihash rather than CID is what lets a CIDv0 and a CIDv1 of the same bytes share one file.
 */
final class FlatfsLayout {
    static final String SHARDING = "/repo/flatfs/shard/v1/next-to-last/2";
    static final String DATA_SUFFIX = ".data";
    private static final int SHARD_LENGTH = 2;

    private final Path blocksDir;
    private final Set<String> knownShards = ConcurrentHashMap.newKeySet();

    FlatfsLayout(Path blocksDir) {
        this.blocksDir = blocksDir;
    }

    Path blocksDir() {
        return blocksDir;
    }

    /** Creates the blocks folder and its SHARDING marker, or checks the marker of an existing store. */
    void initialize() throws IOException {
        DurableFiles.createDirectoryDurably(blocksDir);
        Path marker = blocksDir.resolve("SHARDING");
        if (Files.exists(marker)) {
            String found = Files.readString(marker, StandardCharsets.UTF_8).trim();
            if (!found.equals(SHARDING)) {
                throw new BlockStoreException("block folder " + blocksDir + " uses sharding " + found
                        + "; this store only reads " + SHARDING);
            }
        } else {
            DurableFiles.writeAtomically(marker, (SHARDING + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    static String key(Multihash mh) {
        return Multibase.BASE32.encodeRaw(mh.bytes()).toUpperCase(Locale.ROOT);
    }

    /** The multihash a block file is named after, or empty when the name is not a block file's. */
    static Optional<Multihash> parseFileName(String fileName) {
        if (!fileName.endsWith(DATA_SUFFIX)) {
            return Optional.empty();
        }
        String key = fileName.substring(0, fileName.length() - DATA_SUFFIX.length());
        try {
            return Optional.of(Multihash.decode(Multibase.BASE32.decodeRaw(key.toLowerCase(Locale.ROOT))));
        } catch (CidParseException e) {
            return Optional.empty();
        }
    }

    static String shard(String key) {
        String padded = "_".repeat(SHARD_LENGTH + 1) + key;
        int offset = padded.length() - SHARD_LENGTH - 1;
        return padded.substring(offset, offset + SHARD_LENGTH);
    }

    Path blockFile(Multihash mh) {
        String key = key(mh);
        return blocksDir.resolve(shard(key)).resolve(key + DATA_SUFFIX);
    }

    /** The block's shard folder, created durably the first time it is needed. */
    Path ensureShardDir(Multihash mh) throws IOException {
        String shard = shard(key(mh));
        Path dir = blocksDir.resolve(shard);
        if (!knownShards.contains(shard)) {
            DurableFiles.createDirectoryDurably(dir);
            knownShards.add(shard);
        }
        return dir;
    }
}
