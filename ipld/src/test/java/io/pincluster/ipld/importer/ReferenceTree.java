package io.pincluster.ipld.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the deterministic tree that src/test/js/unixfs-reference.mjs imports, plus a dotfile it leaves out. */
public final class ReferenceTree {
    private ReferenceTree() {
    }

    public static Path write(Path parent) throws IOException {
        Path root = Files.createDirectories(parent.resolve("root"));
        Files.writeString(root.resolve("a.txt"), "alpha\n");
        Files.writeString(root.resolve("B.txt"), "upper case sorts first\n");
        Files.write(root.resolve("b.bin"), PrngStream.prng(300_000).readAllBytes());
        Files.createDirectories(root.resolve("empty"));
        Path nested = Files.createDirectories(root.resolve("nested"));
        Files.write(nested.resolve("m.txt"), new byte[0]);
        Path deep = Files.createDirectories(nested.resolve("deep"));
        Files.writeString(deep.resolve("z.txt"), "zzz");
        Files.writeString(root.resolve("\u00fc-unicode.txt"), "unicode\n", StandardCharsets.UTF_8);
        Files.writeString(root.resolve(".hidden"), "ipfs add -r skips me unless --hidden\n");
        return root;
    }
}
