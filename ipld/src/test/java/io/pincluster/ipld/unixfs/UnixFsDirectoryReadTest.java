package io.pincluster.ipld.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.importer.DirectoryBuilder;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.ImportedNode;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Listing and path resolution through plain directories and a HAMT-sharded directory. The HAMT was made
 * by the JavaScript reference importer ({@code node src/test/js/unixfs-reference.mjs hamt}, same package
 * versions as in DirectoryImportTest): 300 files {@code file-N.txt} holding {@code "file N\n"}, with a
 * split threshold of 1 byte so the directory is sharded (fanout 256, murmur3) with sub-shards.
 */
class UnixFsDirectoryReadTest {
    private static InMemoryBlockStore store;
    private static UnixFsReader reader;
    private static Cid hamtRoot;

    /** One store for the class, loaded with the 381 HAMT blocks once. */
    @BeforeAll
    static void open() throws IOException {
        store = new InMemoryBlockStore();
        reader = new UnixFsReader(store::get);
        hamtRoot = loadHamt();
    }

    private static Cid hamtRoot() {
        return hamtRoot;
    }

    private static Cid loadHamt() throws IOException {
        JsonNode json;
        try (InputStream in = UnixFsDirectoryReadTest.class.getResourceAsStream("/unixfs-hamt-dir.json")) {
            json = new ObjectMapper().readTree(in);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.get("blocks").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            store.put(Cid.parse(e.getKey()), Base64.getDecoder().decode(e.getValue().asText()));
        }
        return Cid.parse(json.get("root").asText());
    }

    private String read(Cid cid) throws IOException {
        try (InputStream in = reader.open(cid)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void resolvesEveryNameThroughTheShards() throws IOException {
        Cid root = hamtRoot();
        assertThat(reader.stat(root).type()).isEqualTo(UnixFsType.HAMT_SHARD);
        for (int i = 0; i < 300; i++) {
            Cid file = reader.resolve("/ipfs/" + root + "/file-" + i + ".txt");
            assertThat(read(file)).isEqualTo("file " + i + "\n");
        }
    }

    @Test
    void listsEveryShardedEntryOnce() throws IOException {
        List<DirEntry> entries = reader.list(hamtRoot());
        Set<String> names = new HashSet<>();
        entries.forEach(e -> names.add(e.name()));
        assertThat(entries).hasSize(300);
        assertThat(names).hasSize(300).contains("file-0.txt", "file-299.txt");
    }

    @Test
    void aMissingNameInAShardIsNotFound() throws IOException {
        Cid root = hamtRoot();
        assertThatThrownBy(() -> reader.resolve(root + "/file-300.txt"))
                .isInstanceOf(PathNotFoundException.class).hasMessageContaining("no entry 'file-300.txt'");
    }

    @Test
    void plainDirectoriesListAndResolve() throws IOException {
        ImportOptions options = ImportOptions.kuboDefaults();
        FileImporter files = new FileImporter(options);
        DirectoryBuilder dirs = new DirectoryBuilder(options);
        ImportedNode z = files.importFile(new ByteArrayInputStream("zzz".getBytes(StandardCharsets.UTF_8)), store, null);
        ImportedNode deep = dirs.directory(Map.of("z.txt", z), store);
        Map<String, ImportedNode> top = new LinkedHashMap<>();
        top.put("b", deep);
        top.put("a.txt", z);
        ImportedNode root = dirs.directory(top, store);

        assertThat(reader.list(root.cid())).extracting(DirEntry::name).containsExactly("a.txt", "b");
        assertThat(reader.list(root.cid()).get(1).tsize()).isEqualTo(deep.dagSize());
        assertThat(read(reader.resolve(root.cid() + "/b/z.txt"))).isEqualTo("zzz");
        assertThat(reader.resolve(root.cid(), List.of())).isEqualTo(root.cid());

        assertThatThrownBy(() -> reader.resolve(root.cid() + "/b/nope"))
                .isInstanceOf(PathNotFoundException.class).hasMessageContaining("no entry 'nope'");
        assertThatThrownBy(() -> reader.resolve(root.cid() + "/a.txt/x"))
                .isInstanceOf(PathNotFoundException.class).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> reader.list(z.cid())).isInstanceOf(UnixFsException.class);
        assertThatThrownBy(() -> reader.open(root.cid())).isInstanceOf(UnixFsException.class).hasMessageContaining("not a file");
    }
}
