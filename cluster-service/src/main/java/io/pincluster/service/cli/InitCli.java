package io.pincluster.service.cli;

import io.pincluster.core.peer.PeerId;
import io.pincluster.ctl.cli.CommandIo;
import io.pincluster.service.InitCommand;
import io.pincluster.service.InitOptions;
import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ListenAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pincluster init <peer folder> [options]}: turns the command line into {@link InitOptions}, runs
 * {@link InitCommand} and prints the new peer's ID and files.
 */
@Command(name = "init", description = "Create a peer folder (identity.json, service.json).",
        footer = {"", "Exit codes: 0 initialised, 1 bad arguments, 2 already initialised or a bad value, "
                + "3 a file cannot be written."})
final class InitCli implements Callable<Integer> {
    @Parameters(paramLabel = "<peer folder>", description = "The folder to create (or re-initialise with --force).")
    Path peerDir;

    @Option(names = "--peername", paramLabel = "NAME", description = "Peer name (default: the host name).")
    String peername;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address every listener binds to, the cluster RPC included (default 127.0.0.1).")
    String host;

    @Option(names = "--rest-port", paramLabel = "N", converter = PortConverter.class,
            description = "REST API port (9094).")
    Integer restPort;

    @Option(names = "--raft-port", paramLabel = "N", converter = PortConverter.class, description = "Raft port (9098).")
    Integer raftPort;

    @Option(names = "--gateway-port", paramLabel = "N", converter = PortConverter.class,
            description = "Gateway port (8080).")
    Integer gatewayPort;

    @Option(names = "--metrics-port", paramLabel = "N", converter = PortConverter.class,
            description = "Metrics port (8888); giving it turns the Prometheus endpoint on (off by default).")
    Integer metricsPort;

    @Option(names = "--zone", paramLabel = "ZONE", description = "The peer's zone tag.")
    String zone;

    @Option(names = "--user", paramLabel = "NAME", description = "REST API user (default admin; needs a password).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "REST API password, read from FILE's first line.")
    Path passwordFile;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "REST API password (visible to other local users; prefer --password-file).")
    String password;

    @Option(names = "--secret", paramLabel = "HEX",
            description = "Cluster secret, 64 hex characters (default: a new random one).")
    String secret;

    @Option(names = "--peers", paramLabel = "ID=HOST:PORT,...",
            description = "The initial cluster's Raft addresses (this peer is added); omit it for a peer that joins "
                    + "a running cluster (daemon --join).")
    String peers;

    @Option(names = {"-f", "--force"}, description = "Replace an existing service.json (the identity is kept).")
    boolean force;

    @Option(names = "--tls", description = "Serve the REST API, gateway and metrics over HTTPS with a new self-signed "
            + "certificate (tls/cert.pem; clients trust it with --ca-file). For trying HTTPS out.")
    boolean tls;

    @Spec
    CommandSpec spec;

    private final CommandIo io;

    InitCli(CommandIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        InitOptions options = options();
        try {
            InitCommand.InitResult r = InitCommand.run(peerDir, options);
            io.out().println("initialised peer " + r.peerId() + " (" + r.config().cluster().peername() + ") in "
                    + peerDir);
            io.out().println("  identity: " + r.identityFile());
            io.out().println("  config:   " + r.configFile());
            if (options.tls()) {
                io.out().println("  tls:      " + peerDir.resolve(InitCommand.TLS_CERT) + " (self-signed; clients: "
                        + "--ca-file " + peerDir.resolve(InitCommand.TLS_CERT) + ")");
            }
            return 0;
        } catch (ConfigException e) {
            io.err().println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            io.err().println("error: cannot write the peer folder: " + e.getMessage());
            return 3;
        }
    }

    private InitOptions options() {
        String pass = passwordFile != null ? firstLine(passwordFile) : password;
        if (user != null && pass == null) {
            throw new ParameterException(spec.commandLine(), "--user needs --password or --password-file");
        }
        return new InitOptions(peername, host, restPort, raftPort, gatewayPort, metricsPort, zone,
                pass == null ? null : user, pass, secret, peers == null ? Map.of() : raftPeers(peers), force, tls);
    }

    private Map<PeerId, ListenAddress> raftPeers(String list) {
        Map<PeerId, ListenAddress> out = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--peers: '" + entry + "' is not ID=HOST:PORT");
            }
            try {
                out.put(PeerId.parse(entry.substring(0, eq).trim()), ListenAddress.parse(entry.substring(eq + 1).trim()));
            } catch (RuntimeException e) {
                throw new ParameterException(spec.commandLine(), "--peers: '" + entry + "': " + e.getMessage());
            }
        }
        return out;
    }

    private String firstLine(Path file) {
        try {
            String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--password-file: " + file + " is empty");
            }
            return first;
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--password-file: cannot read " + file + ": "
                    + e.getMessage());
        }
    }
}
