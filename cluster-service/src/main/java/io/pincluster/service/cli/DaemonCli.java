package io.pincluster.service.cli;

import io.pincluster.ctl.cli.CommandIo;
import io.pincluster.service.DaemonCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pincluster daemon <peer folder> [--join HOST:PORT]}: runs {@link DaemonCommand} in the foreground. */
@Command(name = "daemon", description = "Run a peer until Ctrl-C or SIGTERM.",
        footer = {"", "Exit codes: 0 stopped cleanly, 1 bad arguments or the peer could not start, "
                + "2 the identity or configuration is missing or invalid."})
final class DaemonCli implements Callable<Integer> {
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s:]+:[0-9]{1,5}|\\[[0-9a-fA-F:]+\\]:[0-9]{1,5}");

    @Parameters(paramLabel = "<peer folder>", description = "A folder made by pincluster init.")
    Path peerDir;

    @Option(names = "--join", paramLabel = "HOST:PORT",
            description = "A new peer (no Raft folder yet) asks the peer whose cluster RPC listens there to add it "
                    + "to the cluster; ignored once the peer has Raft storage.")
    String join;

    @Spec
    CommandSpec spec;

    private final CommandIo io;

    DaemonCli(CommandIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (join != null && !HOST_PORT.matcher(join).matches()) {
            throw new ParameterException(spec.commandLine(),
                    "--join needs HOST:PORT of a running peer's cluster RPC, not '" + join + "'");
        }
        return new DaemonCommand(peerDir, io.env(), io.out(), io.err(), join).run();
    }
}
