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

/**
 * {@code pincluster hash} prints what {@code ipfs add --only-hash} prints, on real files and ipld's reference tree
 * (moved from ipld when the command's argument parsing moved to the picocli command line).
 */
class HashReferenceTreeTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
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
    void aFileGivesTheWellKnownCid() throws IOException {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello world\n");
        assertThat(run(file.toString())).isZero();
        assertThat(lines()).containsExactly("added QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o hello.txt");
        assertThat(err.size()).isZero();
    }

    @Test
    void cidVersionOneImpliesRawLeavesUnlessTurnedOff() throws IOException {
        Path file = Files.writeString(dir.resolve("hello.txt"), "hello world\n");
        assertThat(run("--cid-version=1", file.toString())).isZero();
        assertThat(run("--cid-version", "1", "--raw-leaves=false", file.toString())).isZero();
        assertThat(run("--raw-leaves", file.toString())).isZero();
        assertThat(lines()).containsExactly(
                "added bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4 hello.txt",
                // --raw-leaves=false: the same dag-pb leaf as v0, in its CIDv1 form
                "added " + Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o").toV1() + " hello.txt",
                "added bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4 hello.txt");
    }

    @Test
    void recursiveWrappedDirectoryPrintsEveryEntryThenTheWrapper() throws IOException {
        Path root = ReferenceTree.write(dir);
        assertThat(run("-r", "-w", root.toString())).isZero();
        List<String> lines = lines();
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("added QmVwE9TzSCNxRjzapKZ3vmY1HZVFEP8rbtwN78H5AqZMSy root/B.txt");
        assertThat(lines.get(9)).isEqualTo("added QmdAhvcxTakjMS4riCDaTywB3YVJNFbHoVXA8bbAPdHAfQ root");
        assertThat(lines.get(10)).isEqualTo("added QmYAkDjisQqn988MG5UBdcrUk9ocxaGoV2XmLTL7tfGX9M ");
    }

    @Test
    void quieterPrintsOnlyTheRoot() throws IOException {
        Path root = ReferenceTree.write(dir);
        assertThat(run("-Q", "-r", root.toString())).isZero();
        assertThat(lines()).containsExactly("QmdAhvcxTakjMS4riCDaTywB3YVJNFbHoVXA8bbAPdHAfQ");
    }

    @Test
    void chunkerChangesTheLayout() throws IOException {
        Path file = Files.write(dir.resolve("f"), PrngStream.prng(300).readAllBytes());
        assertThat(run("-Q", "--chunker=size-100", file.toString())).isZero();
        assertThat(run("-Q", file.toString())).isZero();
        List<String> cids = new ArrayList<>(lines());
        assertThat(cids).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void badUsageExitsWithOneAndSaysWhy() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        assertThat(run()).isEqualTo(1);
        assertThat(run("--frobnicate", sub.toString())).isEqualTo(1);
        assertThat(run(sub.toString())).isEqualTo(1);
        assertThat(run("--chunker=rabin", sub.toString())).isEqualTo(1);
        assertThat(run("--chunker=size-0", "-r", sub.toString())).isEqualTo(1);
        assertThat(run("--cid-version=7", "-r", sub.toString())).isEqualTo(1);
        assertThat(run(dir.resolve("missing").toString())).isEqualTo(1);
        String messages = err.toString(StandardCharsets.UTF_8);
        assertThat(messages).contains(
                // the command line's shared wording (picocli) for the first two; the rest are the importer's own
                "missing required parameter: '<path>'", "unknown flag '--frobnicate'",
                "use the '-r' flag", "only size-N", "chunk size 0", "unknown CID version 7", "no such file");
        assertThat(out.size()).isZero();
    }
}
