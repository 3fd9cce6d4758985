package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code add <path>...}: uploads files or directories to {@code POST /add} (streamed from disk), prints
 * each added entry (or only the root with {@code -Q}), and with {@code --wait} waits for the root's pin.
 */
final class AddCommand {
    /** Below this size a progress bar would only flicker. */
    static final long PROGRESS_THRESHOLD = 1024 * 1024;

    private AddCommand() {
    }

    static Flags flags() {
        return PinOptionFlags.declare(new Flags(), false)
                .bool("recursive", "r").bool("hidden", "H").bool("wrap-with-directory", "w")
                .value("cid-version").bool("raw-leaves").value("chunker", "s").value("format")
                .bool("no-pin").bool("local").bool("quiet", "q").bool("quieter", "Q")
                .bool("wait").value("wait-timeout", "wt");
    }

    static int run(Flags.Parsed p, Session s) {
        if (p.positional().isEmpty()) {
            throw new UsageException("usage: pincluster add <path>... [-r] [--wrap-with-directory] [--cid-version 0|1] "
                    + "[--raw-leaves] [--name N] [--replication N] [--no-pin] [-Q] [--wait]");
        }
        List<Path> paths = new ArrayList<>();
        p.positional().forEach(a -> paths.add(Path.of(a)));
        MultipartUpload upload = MultipartUpload.of(paths, p.bool("recursive"), p.bool("hidden"));

        int cidVersion = p.integer("cid-version", 0);
        if (cidVersion != 0 && cidVersion != 1) {
            throw new UsageException("--cid-version must be 0 or 1, not " + cidVersion);
        }
        String format = p.string("format", "unixfs");
        if (!format.equals("unixfs") && !format.equals("car")) {
            throw new UsageException("--format must be unixfs or car, not '" + format + "'");
        }
        boolean wrap = p.bool("wrap-with-directory") || paths.size() > 1;
        if (wrap && format.equals("car")) {
            throw new UsageException("a CAR upload is a single file and cannot be wrapped in a directory");
        }
        boolean showProgress = s.stderrIsTerminal() && !s.printer().json()
                && upload.totalBytes() >= PROGRESS_THRESHOLD;

        Query query = new Query()
                .addIf(p.bool("recursive"), "recursive", "true")
                .addIf(p.bool("hidden"), "hidden", "true")
                .addIf(wrap, "wrap-with-directory", "true")
                .addIf(cidVersion != 0, "cid-version", Integer.toString(cidVersion))
                .addIf(p.bool("raw-leaves") || cidVersion > 0, "raw-leaves", "true")
                .addIf(p.has("chunker"), "chunker", p.string("chunker", ""))
                .addIf(!format.equals("unixfs"), "format", format)
                .addIf(p.bool("no-pin"), "no-pin", "true")
                .addIf(p.bool("local"), "local", "true")
                .addIf(showProgress, "progress", "true");
        PinOptionFlags.addTo(query, p, s.clock());

        boolean quiet = p.bool("quiet") || p.bool("quieter");
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
                if (!p.bool("quieter")) {
                    if (bar != null) {
                        bar.finish();
                    }
                    s.printer().added(line, quiet);
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
        if (p.bool("quieter")) {
            s.printer().added(last[0], true);
        }
        if (p.bool("wait") && !p.bool("no-pin")) {
            Duration timeout = p.has("wait-timeout") ? Durations.parse("wait-timeout", p.string("wait-timeout", "")) : null;
            JsonNode status = new StatusWaiter(s.client(), s.clock(), s.pollInterval())
                    .untilPinned(last[0].path("cid").asText(), timeout);
            if (!quiet) {
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
