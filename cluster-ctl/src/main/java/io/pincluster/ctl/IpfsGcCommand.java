package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.ctl.cli.CommandIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pincluster ipfs gc [--local]}: every peer (or only the answering one) removes the blocks no pin keeps
 * ({@code POST /ipfs/gc}). Exits with the API error code when a peer's collection failed, after printing all.
 */
@Command(name = "gc", description = "Remove the blocks no pin keeps, on every peer (or only this one).")
final class IpfsGcCommand extends ClientCommand {
    @Option(names = "--local", description = "Only on this peer, not on every peer.")
    boolean local;

    IpfsGcCommand(CommandIo io) {
        super(io);
    }

    @Override
    int run(Session s) {
        JsonNode answer = required(s.client().call("POST", "/ipfs/gc"
                + new Query().addIf(local, "local", "true")), "ipfs/gc");
        s.printer().repoGc(answer);
        for (JsonNode peer : answer.path("peer_map")) {
            if (!peer.path("error").asText("").isEmpty()) {
                return ExitCodes.API_ERROR;
            }
        }
        return ExitCodes.OK;
    }
}
