package io.pincluster.service.cli;

import io.pincluster.ctl.cli.CommandIo;
import io.pincluster.service.RunCommand;
import io.pincluster.service.membership.Bootstrap;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pincluster run <peer folder>}: {@link RunCommand}, the containers' and service units' entry point. */
@Command(name = "run", description = {"Run a peer configured by its environment (containers, service units): "
        + "initialise the folder on the first start, join the cluster through " + Bootstrap.ENV + " (host:port of a "
        + "peer's cluster RPC) when this peer has no Raft state, then run until Ctrl-C or SIGTERM.",
    "Every setting comes from PINCLUSTER_<SECTION>_<KEY> variables, e.g. PINCLUSTER_CLUSTER_SECRET."},
        footer = {"", "Exit codes: 0 stopped cleanly, 1 bad arguments or the peer could not start (the bootstrap "
                + "peer refused or could not be reached), 2 the configuration or " + Bootstrap.ENV + " is invalid."})
final class RunCli implements Callable<Integer> {
    @Parameters(paramLabel = "<peer folder>", description = "The peer's folder (created on the first start).")
    Path peerDir;

    private final CommandIo io;

    RunCli(CommandIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        return RunCommand.run(peerDir, io.env(), io.out(), io.err());
    }
}
