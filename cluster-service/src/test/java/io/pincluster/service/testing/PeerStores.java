package io.pincluster.service.testing;

import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Multibase;
import io.pincluster.core.cid.Multihash;
import io.pincluster.service.ClusterAssembly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** What an embedded-store peer of a test cluster holds, read from its real store and folder. */
public final class PeerStores {
    private PeerStores() {
    }

    public static EmbeddedBlockStore store(ClusterAssembly peer) {
        return ((EmbeddedConnector) peer.connector()).store();
    }

    public static Set<Multihash> blockKeys(ClusterAssembly peer) {
        Set<Multihash> keys = new HashSet<>();
        store(peer).keys().forEachRemaining(keys::add);
        return keys;
    }

    /** The size of every file under the store's {@code blocks} folder: what the blocks take on disk. */
    public static long bytesOnDisk(ClusterAssembly peer) {
        try (Stream<Path> files = Files.walk(store(peer).config().root().resolve("blocks"))) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // removed while walking
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where the store keeps a block: flatfs ({@code next-to-last/2}) names the file after the upper-case base32 of
     * the multihash, in a folder named after the two characters before the key's last one.
     */
    public static Path blockFile(ClusterAssembly peer, Multihash mh) {
        String key = Multibase.BASE32.encodeRaw(mh.bytes()).toUpperCase(Locale.ROOT);
        return store(peer).config().root().resolve("blocks").resolve(key.substring(key.length() - 3,
                key.length() - 1)).resolve(key + ".data");
    }
}
