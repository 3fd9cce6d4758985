package io.pincluster.ipld.importer;

import java.io.IOException;

/**
 * Imports a generated stream of {@code args[0]} bytes ({@code args[1]}: "zeros" or "prng") into a sink
 * that discards blocks and prints {@code <cid> <dagSize>}. Run in a child JVM with a tiny heap by
 * {@link ConstantMemoryImportTest}.
 */
public final class LargeImportMain {
    private LargeImportMain() {
    }

    public static void main(String[] args) throws IOException {
        long length = Long.parseLong(args[0]);
        PrngStream in = args[1].equals("zeros") ? PrngStream.zeros(length) : PrngStream.prng(length);
        ImportOptions options = args.length > 2 && args[2].equals("v1") ? ImportOptions.kuboV1() : ImportOptions.kuboDefaults();
        ImportedNode root = new FileImporter(options).importFile(in, (cid, block) -> { }, null);
        System.out.println(root.cid() + " " + root.dagSize());
    }
}
