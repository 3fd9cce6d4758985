package io.pincluster.service.cli;

import io.pincluster.ctl.cli.CommandIo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pincluster up [options]}: turns the command line into {@link UpOptions} and runs {@link UpCommand}. */
@Command(name = "up", description = "Run a local cluster of N peers on this machine.",
        footer = {"",
                "A peer that dies while the cluster runs is reported (with the end of its",
                "log); the others keep running. Run 'up' again with the same --data to",
                "start only the missing peers: it stays attached to the peers it started,",
                "and Ctrl-C stops those.",
                "",
                "Each peer's heap (committed from the start, on huge pages where the kernel",
                "offers them) and collector are sized from this machine and printed at",
                "start; PINCLUSTER_PEER_JAVA_OPTS replaces them.",
                "",
                "Exit codes: 130 stopped with Ctrl-C (even if a peer died before), 0 every",
                "peer already runs, 1 bad arguments, a peer failed to start, or every peer",
                "it started has died."})
final class UpCli implements Callable<Integer> {
    @Option(names = "--peers", paramLabel = "N", defaultValue = "3",
            description = "How many peers, 1 to " + UpOptions.MAX_PEERS + " (default: ${DEFAULT-VALUE}).")
    int peers;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = ".pincluster/up",
            description = "Where the peer folders are kept between runs (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "The REST API's admin password (default: the one kept in the data folder, or a new one).")
    String password;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "" + PeerPorts.DEFAULT_BASE,
            description = "Peer i uses the " + PeerPorts.STRIDE + " ports from PORT + " + PeerPorts.STRIDE
                    + " * i (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "Give up when the cluster is not ready after this long (default: ${DEFAULT-VALUE}).")
    int startTimeoutSeconds;

    @Spec
    CommandSpec spec;

    private final CommandIo io;

    UpCli(CommandIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        return UpCommand.run(options(), io.out(), io.err());
    }

    UpOptions options() {
        try {
            return new UpOptions(peers, data.toAbsolutePath().normalize(), password, basePort,
                    Duration.ofSeconds(startTimeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The options {@code args} ask for, without running anything; throws picocli's exception for bad ones. */
    static UpOptions parse(String... args) {
        UpCli up = new UpCli(CommandIo.system());
        new CommandLine(up).parseArgs(args);
        return up.options();
    }
}
