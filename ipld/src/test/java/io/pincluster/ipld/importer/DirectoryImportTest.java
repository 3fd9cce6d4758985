package io.pincluster.ipld.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.unixfs.UnixFsReader;
import io.pincluster.ipld.unixfs.UnixFsType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory imports ({@code -r}, {@code --wrap-with-directory}, nested and empty directories, v0 and v1)
 * against CIDs computed by an independent implementation, the JavaScript reference importer.
 *
 * <p>How the expected values were obtained: in a scratch folder,
 * {@code npm install ipfs-unixfs-importer@17.1.1 blockstore-core@7.0.1 multiformats@14.0.5} (which pulled
 * ipfs-unixfs 13.1.1 and @ipld/dag-pb 4.2.0), then {@code node src/test/js/unixfs-reference.mjs dirs}.
 * The script imports the same tree as {@link ReferenceTree} with the options that mimic {@code ipfs add}:
 * profile {@code unixfs-v0-2015}, fixed-size chunker 262144, balanced layout with 174 children per node,
 * reduceSingleLeafToSelf, cidVersion 0 (rawLeaves false) or 1 (rawLeaves true), wrapWithDirectory false or
 * true. Its {@code Map.entry} output lines are pasted below unchanged. The JS importer does not report empty
 * directories as entries, so {@code root/empty} is checked by its well-known CID instead.
 */
class DirectoryImportTest {
    private static final Map<String, String> V0 = Map.ofEntries(
            Map.entry("root/a.txt", "QmV4STRyo1dygxGhZcr877TQ1M9AZuXhfm6HrXjxW1TYNP"),
            Map.entry("root/B.txt", "QmVwE9TzSCNxRjzapKZ3vmY1HZVFEP8rbtwN78H5AqZMSy"),
            Map.entry("root/b.bin", "QmWvRk9Cx5oxZ6EtyM27wD7PK5SjFv9ZHSiHF5t6T1xgyj"),
            Map.entry("root/nested/m.txt", "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH"),
            Map.entry("root/nested/deep/z.txt", "QmSyzuRuKYZYYDVZs788GgBhL8zqgf78kZajRih3pXPdvy"),
            Map.entry("root/\u00fc-unicode.txt", "QmQKkkA1UoPMs13TcEVXfrrfpmMDNJK6LEmvR1Sn4TzUmj"),
            Map.entry("root/nested/deep", "QmNLghc9iBebncbuU2ghGeXedmwB2V3orgKqa45zGqT4d2"),
            Map.entry("root/nested", "QmYKgjyuyL6eEy5SUDsSzP3iWuTZux4PLvpWFZ56C8bg74"),
            Map.entry("root", "QmdAhvcxTakjMS4riCDaTywB3YVJNFbHoVXA8bbAPdHAfQ"));
    private static final String V0_WRAPPER = "QmYAkDjisQqn988MG5UBdcrUk9ocxaGoV2XmLTL7tfGX9M";

    private static final Map<String, String> V1 = Map.ofEntries(
            Map.entry("root/a.txt", "bafkreifwvggzz2nc3ekjfch2hx2c2n34hzbhg6x5zwxxctrtycqqbniqma"),
            Map.entry("root/B.txt", "bafkreihgp6t3hy3ambthsjulozhjbjrw6qan7p6iku4at3b7vilx7fvxvq"),
            Map.entry("root/b.bin", "bafybeigqgb3fqwkojc4ml2dxeeg5bxjxefqzdp3qblj3fdtf2ajhifpymu"),
            Map.entry("root/nested/m.txt", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"),
            Map.entry("root/nested/deep/z.txt", "bafkreiax6fs5ljn2nfpspqbdva5kfm2ghyrycdrwbn2roet6salb525l3i"),
            Map.entry("root/\u00fc-unicode.txt", "bafkreihlyrp2x352xxigijftyr3lchut73dyibu76eeejzzyhvm7jepyzm"),
            Map.entry("root/nested/deep", "bafybeigil2miqao6j7iwkra3kiovpaiym5fnqzt4poht6jlqqlsrkz5654"),
            Map.entry("root/nested", "bafybeiaydlvr5v4wqgnq3lu5oasb2yfnogfqcj3ntpdsb7tmwepvf5oiz4"),
            Map.entry("root", "bafybeicpyugvux45zwsfindhnmy5mxvms3twvui4f4xsw5z6ec6kkveaey"));
    private static final String V1_WRAPPER = "bafybeihmo35n4j5fgftyj26dnpj52l6azuq6req63sdjdbvptfkaio2ix4";

    private static final String EMPTY_DIR_V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    private static final String EMPTY_DIR_V1 = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

    @TempDir
    Path dir;

    private List<AddedEntry> run(ImportOptions options) throws IOException {
        Path root = ReferenceTree.write(dir);
        List<AddedEntry> out = new ArrayList<>();
        new PathImporter(options).importPaths(List.of(root), (cid, block) -> { }, out::add, null);
        return out;
    }

    private static Map<String, String> byName(List<AddedEntry> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.name(), e.cid().toString()));
        return out;
    }

    @Test
    void recursiveV0MatchesTheReferenceImporter() throws IOException {
        Map<String, String> got = byName(run(ImportOptions.kuboDefaults()));
        assertThat(got).containsAllEntriesOf(V0).containsEntry("root/empty", EMPTY_DIR_V0).hasSize(V0.size() + 1);
    }

    @Test
    void recursiveV1MatchesTheReferenceImporter() throws IOException {
        Map<String, String> got = byName(run(ImportOptions.kuboV1()));
        assertThat(got).containsAllEntriesOf(V1).containsEntry("root/empty", EMPTY_DIR_V1).hasSize(V1.size() + 1);
    }

    @Test
    void wrapWithDirectoryMatchesTheReferenceImporter() throws IOException {
        List<AddedEntry> v0 = run(ImportOptions.kuboDefaults().withWrapWithDirectory(true));
        assertThat(v0.get(v0.size() - 1).name()).isEmpty();
        assertThat(v0.get(v0.size() - 1).cid()).hasToString(V0_WRAPPER);

        List<AddedEntry> v1 = new ArrayList<>();
        new PathImporter(ImportOptions.kuboV1().withWrapWithDirectory(true))
                .importPaths(List.of(dir.resolve("root")), (cid, block) -> { }, v1::add, null);
        assertThat(v1.get(v1.size() - 1).cid()).hasToString(V1_WRAPPER);
    }

    @Test
    void entriesComeInKubosOrderFilesFirstThenDirectoriesChildrenBeforeParents() throws IOException {
        List<String> names = run(ImportOptions.kuboDefaults()).stream().map(AddedEntry::name).toList();
        assertThat(names).containsExactly(
                "root/B.txt", "root/a.txt", "root/b.bin", "root/nested/deep/z.txt", "root/nested/m.txt",
                "root/\u00fc-unicode.txt",
                "root/empty", "root/nested/deep", "root/nested", "root");
    }

    @Test
    void hiddenFilesAreIncludedOnlyWhenAsked() throws IOException {
        Map<String, String> got = byName(run(ImportOptions.kuboDefaults().withHidden(true)));
        assertThat(got).containsKey("root/.hidden");
        assertThat(got.get("root")).isNotEqualTo(V0.get("root"));
    }

    @Test
    void reportedSizeIsTheCumulativeDagSize() throws IOException {
        List<AddedEntry> entries = run(ImportOptions.kuboDefaults());
        AddedEntry empty = entries.stream().filter(e -> e.name().equals("root/nested/m.txt")).findFirst().orElseThrow();
        assertThat(empty.size()).isEqualTo(6);
        AddedEntry emptyDir = entries.stream().filter(e -> e.name().equals("root/empty")).findFirst().orElseThrow();
        assertThat(emptyDir.size()).isEqualTo(4);
    }

    /** The HAMT fixture of UnixFsDirectoryReadTest, made by the JS importer with a 1-byte split threshold. */
    @Test
    void shardedDirectoryMatchesTheReferenceImporterBlockForBlock() throws IOException {
        ImportOptions options = ImportOptions.kuboV1();
        FileImporter files = new FileImporter(options);
        Map<String, ImportedNode> entries = new LinkedHashMap<>();
        Map<Cid, byte[]> blocks = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            byte[] content = ("file " + i + "\n").getBytes(StandardCharsets.UTF_8);
            entries.put("file-" + i + ".txt", files.importFile(new ByteArrayInputStream(content), blocks::put, null));
        }
        ImportedNode root = new DirectoryBuilder(options, 1).directory(entries, blocks::put);

        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/unixfs-hamt-dir.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        assertThat(root.cid()).hasToString(fixture.get("root").asText());
        Set<String> expected = new HashSet<>();
        fixture.get("blocks").fieldNames().forEachRemaining(expected::add);
        assertThat(blocks.keySet()).extracting(Cid::toString).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void directoriesPastKubosThresholdAreShardedAndReadable() throws IOException {
        ImportOptions options = ImportOptions.kuboDefaults();
        Map<Cid, byte[]> blocks = new HashMap<>();
        ImportedNode file = new FileImporter(options).importFile(new ByteArrayInputStream(new byte[] {1}), blocks::put, null);
        Map<String, ImportedNode> entries = new LinkedHashMap<>();
        // 34-byte CIDv0 + 20-byte name per link: 4855 links reach 262144 bytes, one fewer stays below.
        for (int i = 0; i < 4854; i++) {
            entries.put(String.format("entry-%014d", i), file);
        }
        DirectoryBuilder dirs = new DirectoryBuilder(options);
        UnixFsReader reader = new UnixFsReader(blocks::get);
        assertThat(reader.stat(dirs.directory(entries, blocks::put).cid()).type()).isEqualTo(UnixFsType.DIRECTORY);

        entries.put(String.format("entry-%014d", 4854), file);
        ImportedNode sharded = dirs.directory(entries, blocks::put);
        assertThat(reader.stat(sharded.cid()).type()).isEqualTo(UnixFsType.HAMT_SHARD);
        assertThat(reader.resolve(sharded.cid() + "/entry-00000000004854")).isEqualTo(file.cid());
        assertThat(reader.list(sharded.cid())).hasSize(4855);
    }

    @Test
    void symlinksAreStoredAsUnixFsSymlinksNotFollowed() throws IOException {
        Path root = Files.createDirectories(dir.resolve("links"));
        Files.writeString(root.resolve("target.txt"), "data");
        Files.createSymbolicLink(root.resolve("link"), Path.of("target.txt"));
        Map<Cid, byte[]> blocks = new HashMap<>();
        List<AddedEntry> out = new ArrayList<>();
        AddedEntry top = new PathImporter(ImportOptions.kuboDefaults()).importPaths(List.of(root), blocks::put, out::add, null);

        UnixFsReader reader = new UnixFsReader(blocks::get);
        var link = reader.stat(reader.resolve(top.cid() + "/link"));
        assertThat(link.type()).isEqualTo(UnixFsType.SYMLINK);
        assertThat(link.size()).isEqualTo("target.txt".length());
        assertThat(byName(out)).containsKeys("links/link", "links/target.txt", "links");
    }
}
