package io.pincluster.ipld.importer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pincluster hash [--cid-version=1] [--raw-leaves] [--chunker=size-N] [-r] [--wrap-with-directory]
 * [-Q] [--hidden] PATH...}: prints what {@code ipfs add --only-hash} prints, {@code added <cid> <name>}
 * per entry, or with {@code -Q} the root CID alone. Nothing is stored.
 */
public final class HashCommand {
    static final String USAGE = "usage: pincluster hash [--cid-version=0|1] [--raw-leaves[=true|false]]"
            + " [--chunker=size-N] [-r] [-w|--wrap-with-directory] [-q] [-Q] [-H|--hidden] PATH...";

    private HashCommand() {
    }

    /** Runs the command; returns the exit code (0, or 1 on bad usage or an unreadable path, as ipfs does). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ImportOptions options = ImportOptions.kuboDefaults();
        Boolean rawLeaves = null;
        boolean recursive = false;
        boolean quiet = false;
        boolean quieter = false;
        List<Path> paths = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
                String flag = value == null ? arg : arg.substring(0, arg.indexOf('='));
                if ((flag.equals("--cid-version") || flag.equals("--chunker")) && value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(flag + " needs a value");
                    }
                    value = args[++i];
                }
                switch (flag) {
                    case "--cid-version" -> options = options.withCidVersion(parseInt(value, "--cid-version"));
                    case "--raw-leaves" -> rawLeaves = value == null || parseBool(value, flag);
                    case "--chunker" -> options = options.withChunkSize(parseChunker(value));
                    case "-r", "--recursive" -> recursive = booleanFlag(value, flag);
                    case "-w", "--wrap-with-directory" -> options = options.withWrapWithDirectory(booleanFlag(value, flag));
                    case "-H", "--hidden" -> options = options.withHidden(booleanFlag(value, flag));
                    case "-q", "--quiet" -> quiet = booleanFlag(value, flag);
                    case "-Q", "--quieter" -> quieter = booleanFlag(value, flag);
                    case "-n", "--only-hash" -> booleanFlag(value, flag);
                    default -> {
                        if (arg.startsWith("-") && !arg.equals("-")) {
                            throw new IllegalArgumentException("unknown option \"" + arg + "\"");
                        }
                        paths.add(Path.of(arg));
                    }
                }
            }
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("argument \"path\" is required");
            }
            // Kubo: CIDv1 turns raw leaves on unless the flag says otherwise.
            options = options.withRawLeaves(rawLeaves != null ? rawLeaves : options.cidVersion() == 1);
            for (Path p : paths) {
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IllegalArgumentException("lstat " + p + ": no such file or directory");
                }
                if (!recursive && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IllegalArgumentException(p + " is a directory, use the '-r' flag to specify directories");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            err.println(USAGE);
            return 1;
        }
        boolean printEach = !quieter;
        boolean hashOnly = quiet;
        try {
            AddedEntry root = new PathImporter(options).importPaths(paths, (cid, block) -> { }, entry -> {
                if (printEach) {
                    out.println(hashOnly ? entry.cid().toString() : "added " + entry.cid() + " " + escape(entry.name()));
                }
            }, null);
            if (quieter) {
                out.println(root.cid());
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    private static boolean booleanFlag(String value, String flag) {
        return value == null || parseBool(value, flag);
    }

    private static boolean parseBool(String value, String flag) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(flag + " takes true or false, not \"" + value + "\"");
        };
    }

    private static int parseInt(String value, String flag) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a number, not \"" + value + "\"");
        }
    }

    private static int parseChunker(String value) {
        if (!value.startsWith("size-")) {
            throw new IllegalArgumentException("unsupported chunker \"" + value + "\" (only size-N is supported)");
        }
        return parseInt(value.substring("size-".length()), "--chunker=size-N");
    }

    /** Names with control characters are printed quoted and escaped, as Kubo does, so one entry stays one line. */
    static String escape(String name) {
        if (name.chars().noneMatch(Character::isISOControl)) {
            return name;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : name.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
