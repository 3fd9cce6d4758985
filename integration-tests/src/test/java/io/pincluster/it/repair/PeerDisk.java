package io.pincluster.it.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multibase;
import io.pincluster.service.config.ServiceConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What a process peer's embedded block store keeps on disk, read from its folder (the peer runs in another JVM, so
 * its files are the only view of its store besides its API). The store lives in {@code connector.data_dir}
 * (relative to the peer folder) and names each block file after the upper-case base32 of the block's multihash,
 * under {@code blocks/<the two characters before the key's last one>/}.
 */
final class PeerDisk {
    private final Path storeRoot;

    PeerDisk(Path peerDir) {
        String dataDir = ServiceConfigFile.load(peerDir.resolve(ServiceConfigFile.FILE_NAME), Map.of()).connector()
                .dataDir();
        this.storeRoot = peerDir.resolve(dataDir);
    }

    /** True while the block of {@code cid} (a one-block file's only block) has a file in the store. */
    boolean holdsBlock(String cid) {
        return Files.exists(blockFile(cid));
    }

    private Path blockFile(String cid) {
        String key = Multibase.BASE32.encodeRaw(Cid.parse(cid).multihash().bytes()).toUpperCase(Locale.ROOT);
        return storeRoot.resolve("blocks").resolve(key.substring(key.length() - 3, key.length() - 1))
                .resolve(key + ".data");
    }
}
