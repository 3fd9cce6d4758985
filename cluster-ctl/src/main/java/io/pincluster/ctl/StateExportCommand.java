package io.pincluster.ctl;

import io.pincluster.ctl.cli.CommandIo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pincluster state export [-f file]}: the whole pinset as newline-delimited JSON, one pin per line, the
 * format of ipfs-cluster's {@code state export} (so a file moves between the two systems both ways). Online: it
 * streams {@code GET /allocations} from a running peer, and every pin acknowledged before the export started is
 * in the file. A file is written next to its final name and renamed when complete, so an interrupted export never
 * leaves a partial file that looks whole.
 */
@Command(name = "export", description = "Write the pinset as newline-delimited JSON (ipfs-cluster's state export"
        + " format) to a file or standard output.")
final class StateExportCommand extends ClientCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path file;

    private final CommandIo io;

    StateExportCommand(CommandIo io) {
        super(io);
        this.io = io;
    }

    @Override
    int run(Session s) {
        if (file == null) {
            Writer out = new OutputStreamWriter(io.out(), StandardCharsets.UTF_8);
            export(s, out);
            return ExitCodes.OK;
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            long pins;
            try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                pins = export(s, out);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            s.err().println("exported " + pins + " pins to " + file);
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the export's own error, if any, is the one worth reporting
            }
        }
    }

    private static long export(Session s, Writer out) {
        long pins = s.client().stream("GET", "/allocations", pin -> {
            try {
                out.write(pin.toString());
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pins;
    }
}
