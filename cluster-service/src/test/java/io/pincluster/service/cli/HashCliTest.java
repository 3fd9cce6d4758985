package io.pincluster.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.importer.PrngStream;
import io.pincluster.ipld.importer.ReferenceTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pincluster hash} prints what {@code ipfs add --only-hash} prints; bad arguments exit 1 saying why. */
class HashCliTest {
    private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    private static final String HELLO_V1_RAW = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int hash(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "hash";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void aFileGivesTheCidsKuboGives() throws IOException {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello world\n");

        assertThat(hash(file.toString())).isZero();
        assertThat(hash("--cid-version=1", file.toString())).isZero();
        assertThat(hash("--cid-version", "1", "--raw-leaves=false", file.toString())).isZero();
        assertThat(hash("-q", "--raw-leaves", file.toString())).isZero();

        assertThat(lines()).containsExactly("added " + HELLO_V0 + " hello.txt", "added " + HELLO_V1_RAW + " hello.txt",
                "added " + Cid.parse(HELLO_V0).toV1() + " hello.txt", HELLO_V1_RAW);
        assertThat(err.size()).isZero();
    }

    @Test
    void quieterPrintsOnlyTheRootOfADirectory() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), "hello world\n");

        assertThat(hash("-Q", "-r", root.toString())).isZero();
        assertThat(hash("-r", "-w", root.toString())).isZero();

        List<String> lines = lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).isEqualTo("added " + HELLO_V0 + " root/hello.txt");
        assertThat(lines.get(2)).isEqualTo("added " + lines.get(0) + " root");
        assertThat(lines.get(3)).startsWith("added Qm").endsWith(" ");
    }

    @Test
    void badArgumentsExitWith1AndSayWhy() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        assertThat(hash()).isEqualTo(1);
        assertThat(hash("--frobnicate", sub.toString())).isEqualTo(1);
        assertThat(hash(sub.toString())).isEqualTo(1);
        assertThat(hash("--chunker=rabin", "-r", sub.toString())).isEqualTo(1);
        assertThat(hash("--chunker=size-0", "-r", sub.toString())).isEqualTo(1);
        assertThat(hash("--cid-version=7", "-r", sub.toString())).isEqualTo(1);
        assertThat(hash(dir.resolve("missing").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing required parameter: '<path>'",
                "unknown flag '--frobnicate'", "use the '-r' flag", "only size-N", "chunk size 0",
                "unknown CID version 7", "no such file", "usage: pincluster hash <path>... [options]");
        assertThat(out.size()).isZero();
    }

    @Test
    void namesWithControlCharactersArePrintedQuotedOnOneLine() {
        assertThat(KuboNames.printable("plain name.txt")).isEqualTo("plain name.txt");
        assertThat(KuboNames.printable("a\nb\t\"c\"\\\u0001")).isEqualTo("\"a\\nb\\t\\\"c\\\"\\\\\\x01\"");
    }

    // On ipld's reference tree and real files (these ran against the hand-written parser before picocli)

    @Test
    void aFileGivesTheWellKnownCid() throws IOException {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello world\n");
        assertThat(hash(file.toString())).isZero();
        assertThat(lines()).containsExactly("added QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o hello.txt");
        assertThat(err.size()).isZero();
    }

    @Test
    void cidVersionOneImpliesRawLeavesUnlessTurnedOff() throws IOException {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello world\n");
        assertThat(hash("--cid-version=1", file.toString())).isZero();
        assertThat(hash("--cid-version", "1", "--raw-leaves=false", file.toString())).isZero();
        assertThat(hash("--raw-leaves", file.toString())).isZero();
        assertThat(lines()).containsExactly(
                "added bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4 hello.txt",
                // --raw-leaves=false: the same dag-pb leaf as v0, in its CIDv1 form
                "added " + Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o").toV1() + " hello.txt",
                "added bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4 hello.txt");
    }

    @Test
    void recursiveWrappedDirectoryPrintsEveryEntryThenTheWrapper() throws IOException {
        Path root = ReferenceTree.write(dir);
        assertThat(hash("-r", "-w", root.toString())).isZero();
        List<String> lines = lines();
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("added QmVwE9TzSCNxRjzapKZ3vmY1HZVFEP8rbtwN78H5AqZMSy root/B.txt");
        assertThat(lines.get(9)).isEqualTo("added QmdAhvcxTakjMS4riCDaTywB3YVJNFbHoVXA8bbAPdHAfQ root");
        assertThat(lines.get(10)).isEqualTo("added QmYAkDjisQqn988MG5UBdcrUk9ocxaGoV2XmLTL7tfGX9M ");
    }

    @Test
    void quieterPrintsOnlyTheRoot() throws IOException {
        Path root = ReferenceTree.write(dir);
        assertThat(hash("-Q", "-r", root.toString())).isZero();
        assertThat(lines()).containsExactly("QmdAhvcxTakjMS4riCDaTywB3YVJNFbHoVXA8bbAPdHAfQ");
    }

    @Test
    void chunkerChangesTheLayout() throws IOException {
        Path file = Files.write(dir.resolve("f"), PrngStream.prng(300).readAllBytes());
        assertThat(hash("-Q", "--chunker=size-100", file.toString())).isZero();
        assertThat(hash("-Q", file.toString())).isZero();
        List<String> cids = new ArrayList<>(lines());
        assertThat(cids).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void badUsageExitsWithOneAndSaysWhy() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        assertThat(hash()).isEqualTo(1);
        assertThat(hash("--frobnicate", sub.toString())).isEqualTo(1);
        assertThat(hash(sub.toString())).isEqualTo(1);
        assertThat(hash("--chunker=rabin", sub.toString())).isEqualTo(1);
        assertThat(hash("--chunker=size-0", "-r", sub.toString())).isEqualTo(1);
        assertThat(hash("--cid-version=7", "-r", sub.toString())).isEqualTo(1);
        assertThat(hash(dir.resolve("missing").toString())).isEqualTo(1);
        String messages = err.toString(StandardCharsets.UTF_8);
        assertThat(messages).contains(
                // the command line's shared wording (picocli) for the first two; the rest are the importer's own
                "missing required parameter: '<path>'", "unknown flag '--frobnicate'",
                "use the '-r' flag", "only size-N", "chunk size 0", "unknown CID version 7", "no such file");
        assertThat(out.size()).isZero();
    }
}
