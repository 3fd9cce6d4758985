package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pincluster pin update <from> <to>}: pins {@code to} with {@code from}'s options
 * ({@code POST /pins/<to>?pin-update=<from>}); the server keeps {@code from} pinned.
 */
@Command(name = "update", description = "Pin a new CID with an existing pin's options.")
final class PinUpdateCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "<from-cid>", description = "The pin whose options to copy.")
    String from;

    @Parameters(index = "1", paramLabel = "<to-cid>", description = "The CID to pin.")
    String to;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "A new name for the pin.")
    String name;

    @Option(names = "--expire-in", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Unpin after this long, e.g. 24h.")
    Duration expireIn;

    @Mixin
    WaitOptions wait;

    PinUpdateCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        String fromCid = Targets.cid(from);
        String toCid = Targets.cid(to);
        Query query = new Query().add("pin-update", fromCid);
        query.addIf(name != null, "name", name);
        PinOptions.addExpiry(query, expireIn, s.clock());
        JsonNode pin = required(s.client().call("POST", "/pins/" + toCid + query), "pin update");
        return wait.report(s, pin, true);
    }
}
