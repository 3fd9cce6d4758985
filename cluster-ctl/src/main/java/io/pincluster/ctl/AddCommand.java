package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pincluster add <path>...}: uploads files or directories to {@code POST /add} (streamed from disk), prints
 * each added entry (or only the root with {@code -Q}), and with {@code --wait} waits for the root's pin.
 */
@Command(name = "add", description = "Add and pin files or directories (the CIDs ipfs add gives).")
final class AddCommand extends ClientCommand {
    /** Below this size a progress bar would only flicker. */
    static final long PROGRESS_THRESHOLD = 1024 * 1024;

    @Parameters(arity = "1..*", paramLabel = "<path>", description = "Files or directories to add.")
    List<Path> paths;

    @Option(names = {"-r", "--recursive"}, description = "Add directories with everything in them.")
    boolean recursive;

    @Option(names = {"-H", "--hidden"}, description = "Include dotfiles when adding directories.")
    boolean hidden;

    @Option(names = {"-w", "--wrap-with-directory"}, description = "Wrap the paths in one more directory.")
    boolean wrapWithDirectory;

    @Option(names = "--cid-version", paramLabel = "0|1", description = "CID version (1 implies --raw-leaves).")
    int cidVersion;

    @Option(names = "--raw-leaves", description = "Store file leaves as raw blocks.")
    boolean rawLeaves;

    @Option(names = {"-s", "--chunker"}, paramLabel = "size-N", description = "Chunker, e.g. size-262144.")
    String chunker;

    @Option(names = "--format", paramLabel = "unixfs|car", description = "unixfs (default) or car: upload a CAR file.")
    String format = "unixfs";

    @Option(names = "--no-pin", description = "Only add the blocks, do not pin the root.")
    boolean noPin;

    @Option(names = "--local", description = "Store the blocks on this peer only, before pinning.")
    boolean local;

    @Option(names = {"-q", "--quiet"}, description = "Print only the CIDs.")
    boolean quiet;

    @Option(names = {"-Q", "--quieter"}, description = "Print only the root CID.")
    boolean quieter;

    @Option(names = "--replication", paramLabel = "N",
            description = "Pin on N peers (-1: every peer, 0: the cluster's default); or --rmin/--rmax.")
    Integer replication;

    @Mixin
    PinOptions pin;

    @Option(names = "--wait", description = "Wait until every allocated peer has pinned the root.")
    boolean waitForPeers;

    @Option(names = {"--wt", "--wait-timeout"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --wait: give up after this long (exit code 62), e.g. 1m (default: never).")
    Duration waitTimeout;

    AddCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        MultipartUpload upload = MultipartUpload.of(paths, recursive, hidden);
        if (cidVersion != 0 && cidVersion != 1) {
            throw new UsageException("--cid-version must be 0 or 1, not " + cidVersion);
        }
        if (!format.equals("unixfs") && !format.equals("car")) {
            throw new UsageException("--format must be unixfs or car, not '" + format + "'");
        }
        boolean wrap = wrapWithDirectory || paths.size() > 1;
        if (wrap && format.equals("car")) {
            throw new UsageException("a CAR upload is a single file and cannot be wrapped in a directory");
        }
        boolean showProgress = s.stderrIsTerminal() && !s.printer().json()
                && upload.totalBytes() >= PROGRESS_THRESHOLD;

        Query query = new Query()
                .addIf(recursive, "recursive", "true")
                .addIf(hidden, "hidden", "true")
                .addIf(wrap, "wrap-with-directory", "true")
                .addIf(cidVersion != 0, "cid-version", Integer.toString(cidVersion))
                .addIf(rawLeaves || cidVersion > 0, "raw-leaves", "true")
                .addIf(chunker != null, "chunker", chunker)
                .addIf(!format.equals("unixfs"), "format", format)
                .addIf(noPin, "no-pin", "true")
                .addIf(local, "local", "true")
                .addIf(showProgress, "progress", "true");
        pin.addTo(query, replication, null, s.clock());

        boolean printCidsOnly = quiet || quieter;
        ProgressBar bar = showProgress ? new ProgressBar(s.err(), upload.totalBytes()) : null;
        JsonNode[] last = new JsonNode[1];
        try {
            s.client().upload("/add" + query, upload.contentType(), upload::open, line -> {
                if (isServerError(line)) {
                    throw new ApiException(line.path("code").asInt(500), line.path("message").asText());
                }
                if (line.path("cid").asText("").isEmpty()) {
                    if (bar != null) {
                        bar.update(line.path("name").asText(""), line.path("bytes").asLong(0));
                    }
                    return;
                }
                last[0] = line;
                if (!quieter) {
                    if (bar != null) {
                        bar.finish();
                    }
                    s.printer().added(line, printCidsOnly);
                }
            });
        } finally {
            if (bar != null) {
                bar.finish();
            }
        }
        if (last[0] == null) {
            throw new ApiException(200, "the add stream ended without a result; the peer's log may say why");
        }
        if (quieter) {
            s.printer().added(last[0], true);
        }
        if (waitForPeers && !noPin) {
            JsonNode status = new StatusWaiter(s.client(), s.clock(), s.pollInterval())
                    .untilPinned(last[0].path("cid").asText(), waitTimeout);
            if (!printCidsOnly) {
                s.printer().status(status);
            }
        }
        return ExitCodes.OK;
    }

    /** An error object written into the stream after the 200 (ipfs-cluster otherwise only sets a trailer). */
    private static boolean isServerError(JsonNode line) {
        return line.has("code") && line.has("message") && !line.has("cid");
    }
}
