package io.pincluster.service.cli;

import io.pincluster.ipld.importer.AddedEntry;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.PathImporter;
import io.pincluster.ctl.cli.CommandIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pincluster hash [options] <path>...}: prints what {@code ipfs add --only-hash} prints, {@code added <cid>
 * <name>} per entry, or with {@code -Q} the root CID alone, using the importer that {@code POST /add} uses. Nothing
 * is stored. Flags take Kubo's {@code --flag=false} form too.
 */
@Command(name = "hash", description = "Print the CIDs `ipfs add --only-hash` would print (offline).")
final class HashCli implements Callable<Integer> {
    private static final String BOOLEAN = "true|false";

    @Parameters(arity = "1..*", paramLabel = "<path>", description = "Files or directories to hash.")
    List<Path> paths;

    @Option(names = "--cid-version", paramLabel = "0|1", description = "CID version (1 implies --raw-leaves).")
    int cidVersion;

    @Option(names = "--raw-leaves", arity = "0..1", paramLabel = BOOLEAN,
            description = "File leaves as raw blocks (default: on with --cid-version 1).")
    Boolean rawLeaves;

    @Option(names = "--chunker", paramLabel = "size-N", description = "Fixed-size chunks of N bytes (default size-"
            + ImportOptions.DEFAULT_CHUNK_SIZE + ").")
    String chunker;

    @Option(names = {"-r", "--recursive"}, arity = "0..1", paramLabel = BOOLEAN, description = "Hash directories.")
    boolean recursive;

    @Option(names = {"-w", "--wrap-with-directory"}, arity = "0..1", paramLabel = BOOLEAN,
            description = "Wrap the paths in one more directory.")
    boolean wrap;

    @Option(names = {"-H", "--hidden"}, arity = "0..1", paramLabel = BOOLEAN, description = "Include dotfiles.")
    boolean hidden;

    @Option(names = {"-q", "--quiet"}, arity = "0..1", paramLabel = BOOLEAN, description = "Print only the CIDs.")
    boolean quiet;

    @Option(names = {"-Q", "--quieter"}, arity = "0..1", paramLabel = BOOLEAN,
            description = "Print only the root CID.")
    boolean quieter;

    @Option(names = {"-n", "--only-hash"}, arity = "0..1", paramLabel = BOOLEAN,
            description = "Accepted for ipfs add's sake: hash never stores anything.")
    boolean onlyHash;

    @Spec
    CommandSpec spec;

    private final CommandIo io;

    HashCli(CommandIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        ImportOptions options = importOptions();
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new ParameterException(spec.commandLine(), "lstat " + p + ": no such file or directory");
            }
            if (!recursive && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new ParameterException(spec.commandLine(),
                        p + " is a directory, use the '-r' flag to specify directories");
            }
        }
        try {
            AddedEntry root = new PathImporter(options).importPaths(paths, (cid, block) -> { }, entry -> {
                if (!quieter) {
                    io.out().println(quiet ? entry.cid().toString()
                            : "added " + entry.cid() + " " + KuboNames.printable(entry.name()));
                }
            }, null);
            if (quieter) {
                io.out().println(root.cid());
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            io.err().println("error: " + e.getMessage());
            return 1;
        }
    }

    private ImportOptions importOptions() {
        try {
            ImportOptions options = ImportOptions.kuboDefaults().withCidVersion(cidVersion).withWrapWithDirectory(wrap)
                    .withHidden(hidden);
            if (chunker != null) {
                options = options.withChunkSize(chunkSize(chunker));
            }
            // Kubo: CIDv1 turns raw leaves on unless the flag says otherwise.
            return options.withRawLeaves(rawLeaves != null ? rawLeaves : cidVersion == 1);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static int chunkSize(String chunker) {
        if (!chunker.startsWith("size-")) {
            throw new IllegalArgumentException("unsupported chunker '" + chunker + "' (only size-N is supported)");
        }
        try {
            return Integer.parseInt(chunker.substring("size-".length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--chunker takes size-N with a number N, not '" + chunker + "'");
        }
    }
}
