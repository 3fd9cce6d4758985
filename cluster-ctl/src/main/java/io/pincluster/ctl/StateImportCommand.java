package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pincluster state import -f file [--rmin N] [--rmax N]}: pins every pin of a state export (this CLI's or
 * ipfs-cluster's) into the running cluster, each with its own options; the cluster places them itself. The file
 * is sent in parts of at most {@value #PART} pins or about 512 KiB ({@code POST /state/import}); a part with a bad line is refused whole
 * and the import stops there, naming the line, with the parts before it already pinned (importing again is
 * harmless: pinning a pinned CID with the same options changes nothing).
 */
@Command(name = "import", description = "Pin every pin of a state export file into this cluster.")
final class StateImportCommand extends ClientCommand {
    /** Pins per request; with {@link #PART_BYTES}, keeps each request under the API's default 1 MB body limit. */
    static final int PART = 1_000;
    static final int PART_BYTES = 512 * 1024;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
            description = "The export to import (pincluster state export, or ipfs-cluster's).")
    Path file;

    @Option(names = "--rmin", paramLabel = "N", description = "Replication min for every pin instead of its own.")
    Integer rmin;

    @Option(names = "--rmax", paramLabel = "N", description = "Replication max for every pin instead of its own.")
    Integer rmax;

    StateImportCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        Query query = new Query();
        if (rmin != null) {
            query.add("replication-min", Integer.toString(rmin));
        }
        if (rmax != null) {
            query.add("replication-max", Integer.toString(rmax));
        }
        long imported = 0;
        int firstLine = 1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder part = new StringBuilder();
            int lines = 0;
            int pins = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                part.append(line).append('\n');
                if (!line.isBlank() && (++pins == PART || part.length() >= PART_BYTES)) {
                    imported += send(s, query, part, firstLine);
                    firstLine += lines;
                    part.setLength(0);
                    lines = 0;
                    pins = 0;
                }
            }
            if (pins > 0) {
                imported += send(s, query, part, firstLine);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (ApiException e) {
            s.err().println("imported " + imported + " pins before the part starting at line " + firstLine
                    + " failed (line numbers in the error count from there)");
            throw e;
        }
        s.err().println("imported " + imported + " pins");
        return ExitCodes.OK;
    }

    private static long send(Session s, Query query, StringBuilder part, int firstLine) {
        JsonNode answer = s.client().call("POST", "/state/import" + query, part.toString());
        return answer == null ? 0 : answer.path("imported").asLong();
    }
}
