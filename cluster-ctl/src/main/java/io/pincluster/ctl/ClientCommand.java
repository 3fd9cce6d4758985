package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.ctl.cli.CommandIo;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A client command: {@link #run} talks to the REST API the {@link GlobalOptions} point at; failures become the
 * exit codes of {@link ExitCodes} (an API error printed like ipfs-cluster-ctl prints it).
 */
abstract class ClientCommand implements Callable<Integer> {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    @Spec
    CommandSpec spec;

    private final CommandIo io;

    ClientCommand(CommandIo io) {
        this.io = io;
    }

    /** The command's work, with its arguments already parsed into its fields; returns the exit code. */
    abstract int run(Session session);

    @Override
    public final Integer call() {
        boolean json = false;
        try {
            GlobalOptions options = GlobalOptions.effective(spec);
            json = options.json();
            return run(session(options, json));
        } catch (UsageException | TransportException | UncheckedIOException e) {
            io.err().println("error: " + e.getMessage());
            return ExitCodes.USAGE_OR_NETWORK;
        } catch (ApiException e) {
            printApiError(e, json);
            return ExitCodes.API_ERROR;
        } catch (WaitTimeoutException e) {
            io.err().println("error: " + e.getMessage());
            return ExitCodes.WAIT_TIMEOUT;
        }
    }

    private Session session(GlobalOptions options, boolean json) {
        String host = options.host != null ? options.host : io.env().getOrDefault(Ctl.HOST_ENV, Endpoint.DEFAULT_HOST);
        String auth = options.basicAuth != null ? options.basicAuth : io.env().get(Ctl.AUTH_ENV);
        Duration timeout = options.timeout == null || options.timeout.isZero() ? null : options.timeout;
        java.net.URI base = Endpoint.parseHost(host);
        if (options.https && base.getScheme().equals("http")) {
            base = java.net.URI.create("https" + base.toString().substring("http".length()));
        }
        Endpoint endpoint = new Endpoint(base, Endpoint.basicAuthorization(auth), timeout);
        ObjectMapper mapper = new ObjectMapper();
        return new Session(new RestClient(endpoint, mapper, ClientTls.context(options.caFile,
                        options.noCheckCertificate)), new Printer(io.out(), json, mapper), io.err(),
                Clock.systemUTC(), io.stderrIsTerminal(), POLL_INTERVAL);
    }

    /** Like ipfs-cluster-ctl: the API's {code, message}, as JSON on stdout with --enc json. */
    private void printApiError(ApiException e, boolean json) {
        if (json) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("code", e.status());
            node.put("message", e.getMessage());
            io.out().println(node.toPrettyString());
        } else {
            io.err().println("An error occurred:");
            io.err().println(" Code: " + e.status());
            io.err().println(" Message: " + e.getMessage());
        }
    }

    /** {@code node}, or a transport error when the server answered {@code route} with no body. */
    static JsonNode required(JsonNode node, String route) {
        if (node == null) {
            throw new TransportException("the server answered " + route + " with an empty body", null);
        }
        return node;
    }
}
