package io.pincluster.ctl;

import io.pincluster.ctl.cli.CommandTree;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options every client command takes, before or after its name ({@code pincluster --host H pin ls} and
 * {@code pincluster pin ls --host H} alike): where the REST API is, the credentials, the output format and the
 * request timeout. Each command of the tree holds its own copy; {@link #effective} picks the value given
 * closest to the command.
 */
final class GlobalOptions {
    @Option(names = {"--host", "-l"}, paramLabel = "URL|HOST:PORT",
            description = "REST API to talk to (default " + Endpoint.DEFAULT_HOST + ", env " + Ctl.HOST_ENV + ").")
    String host;

    @Option(names = "--basic-auth", paramLabel = "USER:PASSWORD",
            description = "Basic-Auth credentials (env " + Ctl.AUTH_ENV + ").")
    String basicAuth;

    @Option(names = "--https", description = "Talk HTTPS to a host:port or multiaddr --host (as ipfs-cluster-ctl's "
            + "--https).")
    boolean https;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust the certificates in this PEM file for HTTPS "
            + "(e.g. the tls/cert.pem of 'pincluster init --tls').")
    java.nio.file.Path caFile;

    @Option(names = "--no-check-certificate", description = "Do not check the server's certificate (insecure).")
    boolean noCheckCertificate;

    @Option(names = {"--enc", "--encoding"}, paramLabel = "text|json",
            description = "Output format: text (default), or json to print the API's JSON.")
    String enc;

    @Option(names = {"--timeout", "-t"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up on a request after this long, e.g. 30s or 2m (default: never).")
    Duration timeout;

    /** The values given on the command line, the command's own over its group's over the top level's. */
    static GlobalOptions effective(CommandSpec command) {
        GlobalOptions merged = new GlobalOptions();
        for (CommandSpec spec = command; spec != null; spec = spec.parent()) {
            CommandSpec mixin = spec.mixins().get(CommandTree.SHARED_OPTIONS_MIXIN);
            if (mixin != null && mixin.userObject() instanceof GlobalOptions given) {
                merged.host = merged.host != null ? merged.host : given.host;
                merged.basicAuth = merged.basicAuth != null ? merged.basicAuth : given.basicAuth;
                merged.enc = merged.enc != null ? merged.enc : given.enc;
                merged.timeout = merged.timeout != null ? merged.timeout : given.timeout;
                merged.https = merged.https || given.https;
                merged.caFile = merged.caFile != null ? merged.caFile : given.caFile;
                merged.noCheckCertificate = merged.noCheckCertificate || given.noCheckCertificate;
            }
        }
        return merged;
    }

    /** True for {@code --enc json}; fails for anything but text or json. */
    boolean json() {
        if (enc == null || enc.equals("text")) {
            return false;
        }
        if (enc.equals("json")) {
            return true;
        }
        throw new UsageException("--enc must be text or json, not '" + enc + "'");
    }
}
