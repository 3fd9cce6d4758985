package io.pincluster.ctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code pincluster} client commands. {@link #run} parses the command line, calls the REST API and
 * returns the exit code (see {@link ExitCodes}); it never calls {@code System.exit}, so it can be tested
 * and embedded.
 */
public final class Ctl {
    /** Basic-Auth credentials ({@code user:password}) used when {@code --basic-auth} is not given. */
    public static final String AUTH_ENV = "PINCLUSTER_BASIC_AUTH";
    /** REST API address used when {@code --host} is not given. */
    public static final String HOST_ENV = "PINCLUSTER_HOST";

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private interface Runner {
        int run(Flags.Parsed parsed, Session session);
    }

    private record Command(Flags flags, Runner runner, String summary) {
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("id", new Command(new Flags(), InfoCommands::id, "show the peer's ID, addresses and Raft view"));
        COMMANDS.put("version", new Command(new Flags(), InfoCommands::version, "show the peer's version"));
        COMMANDS.put("peers ls", new Command(new Flags(), InfoCommands::peersLs, "list the cluster's peers"));
        COMMANDS.put("peers add", new Command(new Flags(), PeerCommands::add,
                "<peer id>  make a peer the cluster knows (it joined once) a voting member again"));
        COMMANDS.put("peers rm", new Command(new Flags(), PeerCommands::rm,
                "<peer id>  remove a peer from the cluster (it stops and does not rejoin on its own)"));
        COMMANDS.put("health", new Command(new Flags(), InfoCommands::health, "check the peer answers (prints ok)"));
        COMMANDS.put("pin add", new Command(PinCommands.addFlags(), PinCommands::add,
                "<cid> [--replication N | --rmin N --rmax N] [--name N] [--mode recursive|direct] [--expire-in 1h] "
                        + "[--metadata k=v]... [--allocations p1,p2] [--no-status] [--wait] [--wait-timeout 1m]"));
        COMMANDS.put("pin rm", new Command(PinCommands.rmFlags(), PinCommands::rm,
                "<cid> [--no-status] [--wait] [--wait-timeout 1m]"));
        COMMANDS.put("pin update", new Command(PinCommands.updateFlags(), PinCommands::update,
                "<from-cid> <to-cid> [--name N] [--expire-in 1h] [--wait]"));
        COMMANDS.put("pin ls", new Command(PinCommands.lsFlags(), PinCommands::ls,
                "[<cid>] [--filter pin,meta-pin,clusterdag-pin,shard-pin,all]"));
        COMMANDS.put("status", new Command(StatusCommands.statusFlags(), StatusCommands::status,
                "[<cid>...] [--filter pinned,pinning,queued,error,...] [--local]"));
        COMMANDS.put("recover", new Command(StatusCommands.recoverFlags(), StatusCommands::recover,
                "[<cid>] [--local]"));
        COMMANDS.put("add", new Command(AddCommand.flags(), AddCommand::run,
                "<path>... [-r] [--wrap-with-directory] [--cid-version 0|1] [--raw-leaves] [--name N] "
                        + "[--replication N] [--no-pin] [-q|-Q] [--wait]"));
    }

    private Ctl() {
    }

    private static Flags globalFlags() {
        return new Flags().value("host", "l").value("basic-auth").value("enc", "encoding").value("timeout", "t")
                .bool("help", "h");
    }

    /** True when {@code word} starts one of the client commands (so a launcher can route to {@link #run}). */
    public static boolean handles(String word) {
        return COMMANDS.keySet().stream().anyMatch(k -> k.equals(word) || k.startsWith(word + " "));
    }

    /** Runs with the process environment; stderr counts as a terminal when the JVM has a console. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv(), System.console() != null);
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
                          boolean stderrIsTerminal) {
        boolean json = false;
        try {
            Flags.Parsed leading = globalFlags().parseLeading(Arrays.asList(args));
            List<String> rest = leading.rest();
            if (leading.bool("help") || rest.isEmpty()) {
                err.print(usage());
                return ExitCodes.USAGE_OR_NETWORK;
            }
            String name = rest.get(0);
            int words = 1;
            if (!COMMANDS.containsKey(name) && rest.size() > 1 && COMMANDS.containsKey(name + " " + rest.get(1))) {
                name = name + " " + rest.get(1);
                words = 2;
            }
            Command command = COMMANDS.get(name);
            if (command == null) {
                err.print("unknown command '" + String.join(" ", rest.subList(0, Math.min(2, rest.size()))) + "'\n\n"
                        + usage());
                return ExitCodes.USAGE_OR_NETWORK;
            }
            Flags.Parsed parsed = command.flags().with(globalFlags()).parse(rest.subList(words, rest.size()));
            if (parsed.bool("help")) {
                err.println("usage: pincluster " + name + " " + command.summary());
                return ExitCodes.USAGE_OR_NETWORK;
            }
            String enc = parsed.string("enc", leading.string("enc", "text"));
            if (!enc.equals("text") && !enc.equals("json")) {
                throw new UsageException("--enc must be text or json, not '" + enc + "'");
            }
            json = enc.equals("json");
            Session session = session(leading, parsed, out, err, env, json, stderrIsTerminal);
            return command.runner().run(parsed, session);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE_OR_NETWORK;
        } catch (TransportException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE_OR_NETWORK;
        } catch (ApiException e) {
            printApiError(e, json, out, err);
            return ExitCodes.API_ERROR;
        } catch (WaitTimeoutException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.WAIT_TIMEOUT;
        }
    }

    private static Session session(Flags.Parsed leading, Flags.Parsed parsed, PrintStream out, PrintStream err,
                                   Map<String, String> env, boolean json, boolean stderrIsTerminal) {
        String host = parsed.string("host", leading.string("host", env.getOrDefault(HOST_ENV, Endpoint.DEFAULT_HOST)));
        String auth = parsed.string("basic-auth", leading.string("basic-auth", env.get(AUTH_ENV)));
        String timeoutText = parsed.string("timeout", leading.string("timeout", "0"));
        Duration timeout = Durations.parse("timeout", timeoutText);
        Endpoint endpoint = new Endpoint(Endpoint.parseHost(host), Endpoint.basicAuthorization(auth),
                timeout.isZero() ? null : timeout);
        ObjectMapper mapper = new ObjectMapper();
        return new Session(new RestClient(endpoint, mapper), new Printer(out, json, mapper), err,
                Clock.systemUTC(), stderrIsTerminal, POLL_INTERVAL);
    }

    /** Like ipfs-cluster-ctl: the API's {code, message}, as JSON on stdout with --enc json. */
    private static void printApiError(ApiException e, boolean json, PrintStream out, PrintStream err) {
        if (json) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("code", e.status());
            node.put("message", e.getMessage());
            out.println(node.toPrettyString());
        } else {
            err.println("An error occurred:");
            err.println(" Code: " + e.status());
            err.println(" Message: " + e.getMessage());
        }
    }

    /** The list of client commands and global flags. */
    public static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("Client commands (talk to a peer's REST API):\n");
        COMMANDS.forEach((name, c) -> b.append(String.format("  %-11s %s%n", name, c.summary())));
        b.append("Global flags (before or after the command):\n")
                .append("  --host URL|host:port   REST API to talk to (default " + Endpoint.DEFAULT_HOST
                        + ", env " + HOST_ENV + ")\n")
                .append("  --basic-auth user:pass credentials (env " + AUTH_ENV + ")\n")
                .append("  --enc text|json        output format (json prints the API's JSON)\n")
                .append("  --timeout 30s          give up on a request after this long (default: never)\n")
                .append("Exit codes: 0 ok, 1 bad arguments or no answer, 2 the API returned an error, "
                        + "62 --wait timed out.\n");
        return b.toString();
    }
}
