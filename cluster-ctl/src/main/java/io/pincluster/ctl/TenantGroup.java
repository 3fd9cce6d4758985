package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.ctl.cli.CommandIo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pincluster tenant add|ls|show|set|rm|token}: the Pinning Service API's tenants through the REST API's
 * {@code /tenants} routes (admin only, decision 0017). A number 0 means the default: {@code psa.max_pins_per_tenant},
 * no byte limit, the PSA/cluster replication.
 */
@Command(name = "tenant", description = "Manage the Pinning Service API's tenants: quotas, replication and tokens "
        + "(admin only).", subcommands = {TenantGroup.Add.class, TenantGroup.Ls.class, TenantGroup.Show.class,
        TenantGroup.Set.class, TenantGroup.Rm.class, TenantGroup.Token.class, TenantGroup.Revoke.class})
final class TenantGroup {
    private TenantGroup() {
    }

    /** The settings {@code add} and {@code set} send; an option not given is not sent (set keeps it). */
    static class Settings {
        @Option(names = "--max-pins", description = "Most pin requests (0: psa.max_pins_per_tenant).")
        Long maxPins;

        @Option(names = "--max-bytes", description = "Most bytes of pinned content, as the cluster knows the sizes "
                + "(0: no limit).")
        Long maxBytes;

        @Option(names = "--rmin", description = "Replication its requests ask (0: the PSA setting, -1: every peer).")
        Long replicationMin;

        @Option(names = "--rmax", description = "Most copies of its CIDs (0: the same as the minimum).")
        Long replicationMax;

        @Option(names = "--disabled", arity = "1", paramLabel = "true|false",
                description = "Refuse its tokens on the Pinning Service API (its pins stay).")
        Boolean disabled;

        ObjectNode body() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            if (maxPins != null) {
                body.put("max_pins", maxPins);
            }
            if (maxBytes != null) {
                body.put("max_bytes", maxBytes);
            }
            if (replicationMin != null) {
                body.put("replication_factor_min", replicationMin);
            }
            if (replicationMax != null) {
                body.put("replication_factor_max", replicationMax);
            }
            if (disabled != null) {
                body.put("disabled", disabled);
            }
            return body;
        }
    }

    static String path(String name) {
        return "/tenants/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** {@code name | pins N (max M) | bytes B (max X) | replication a..b | created T [| disabled]}. */
    static void print(Session s, JsonNode t) {
        if (s.printer().json()) {
            s.printer().raw(t);
            return;
        }
        StringBuilder line = new StringBuilder(t.path("name").asText());
        line.append(" | pins ").append(t.at("/usage/pins").asLong()).append(" (max ")
                .append(limit(t.at("/effective/max_pins").asLong())).append(")");
        if (t.at("/usage").has("bytes")) {
            line.append(" | bytes ").append(t.at("/usage/bytes").asLong());
            if (t.at("/usage/unknown_sizes").asLong() > 0) {
                line.append(" (+").append(t.at("/usage/unknown_sizes").asLong()).append(" CIDs of unknown size)");
            }
        }
        line.append(" | max bytes ").append(limit(t.path("max_bytes").asLong()));
        line.append(" | replication ").append(t.at("/effective/replication").asInt());
        if (t.path("replication_factor_max").asInt() != 0) {
            line.append("..").append(t.path("replication_factor_max").asInt());
        }
        line.append(" | created ").append(t.path("created").asText());
        if (t.path("disabled").asBoolean()) {
            line.append(" | disabled");
        }
        s.printer().line(line.toString());
    }

    private static String limit(long n) {
        return n == 0 ? "none" : Long.toString(n);
    }

    @Command(name = "add", description = "Make a tenant record (POST /tenants).")
    static final class Add extends ClientCommand {
        @Parameters(paramLabel = "<name>", description = "The tenant: a REST user's name, or a name of its own.")
        String name;

        @picocli.CommandLine.Mixin
        Settings settings = new Settings();

        Add(CommandIo io) {
            super(io);
        }

        @Override
        int run(Session s) {
            ObjectNode body = settings.body();
            body.put("name", name);
            print(s, required(s.client().call("POST", "/tenants", body.toString()), "POST /tenants"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "ls", description = "List the tenant records (GET /tenants).")
    static final class Ls extends ClientCommand {
        Ls(CommandIo io) {
            super(io);
        }

        @Override
        int run(Session s) {
            JsonNode all = required(s.client().call("GET", "/tenants"), "GET /tenants");
            if (s.printer().json()) {
                s.printer().raw(all);
            } else {
                all.forEach(t -> print(s, t));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "One tenant with its usage: pins and bytes (GET /tenants/<name>).")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "<name>")
        String name;

        Show(CommandIo io) {
            super(io);
        }

        @Override
        int run(Session s) {
            print(s, required(s.client().call("GET", path(name)), "GET /tenants/<name>"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "set", description = "Change a tenant's settings; options not given are kept "
            + "(PUT /tenants/<name>).")
    static final class Set extends ClientCommand {
        @Parameters(paramLabel = "<name>")
        String name;

        @picocli.CommandLine.Mixin
        Settings settings = new Settings();

        Set(CommandIo io) {
            super(io);
        }

        @Override
        int run(Session s) {
            ObjectNode body = settings.body();
            if (body.isEmpty()) {
                throw new UsageException("nothing to change: give --max-pins, --max-bytes, --rmin, --rmax or "
                        + "--disabled");
            }
            print(s, required(s.client().call("PUT", path(name), body.toString()), "PUT /tenants/<name>"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", description = "Remove a tenant record; refused while it holds pin requests unless --force "
            + "(DELETE /tenants/<name>).")
    static final class Rm extends ClientCommand {
        @Parameters(paramLabel = "<name>")
        String name;

        @Option(names = "--force", description = "Remove the record anyway: its pin requests stay, owned by the "
                + "name; its tenant tokens stop working.")
        boolean force;

        Rm(CommandIo io) {
            super(io);
        }

        @Override
        int run(Session s) {
            s.client().call("DELETE", path(name) + (force ? "?force=true" : ""));
            s.printer().line(s.printer().json() ? "{\"removed\":\"" + name + "\"}" : "removed tenant " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "token", description = "Issue a token valid only on the Pinning Service API, acting for the "
            + "tenant (POST /tenants/<name>/tokens). Revoke it with 'tenant revoke <id>'.")
    static final class Token extends ClientCommand {
        @Parameters(paramLabel = "<name>")
        String name;

        @Option(names = "--expires-in", paramLabel = "<duration>", converter = DurationConverter.class,
                description = "How long it is valid, e.g. 720h (default and most: 30 days).")
        java.time.Duration expiresIn;

        Token(CommandIo io) {
            super(io);
        }

        @Override
        int run(Session s) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            if (expiresIn != null) {
                body.put("expires_in", expiresIn.toSeconds());
            }
            JsonNode issued = required(s.client().call("POST", path(name) + "/tokens", body.toString()),
                    "POST /tenants/<name>/tokens");
            if (s.printer().json()) {
                s.printer().raw(issued);
            } else {
                // The token on stdout alone, so scripts can capture it; what it is on stderr.
                s.printer().line(issued.path("token").asText());
                s.err().println("token " + issued.path("id").asText() + " for tenant " + name + ", valid on the "
                        + "Pinning Service API until " + issued.path("expires_at").asText());
            }
            return ExitCodes.OK;
        }
    }

    /**
     * Revokes a token by the ID its issue printed, cluster-wide: a tenant token or any REST token
     * ({@code DELETE /token/<id>}). Tokens are signed, not stored, so their IDs are what the issue printed.
     */
    @Command(name = "revoke", description = "Revoke a token, cluster-wide, by the ID its issue printed "
            + "(DELETE /token/<id>); a tenant token stops working on the Pinning Service API at once.")
    static final class Revoke extends ClientCommand {
        @Parameters(paramLabel = "<token-id>")
        String id;

        Revoke(CommandIo io) {
            super(io);
        }

        @Override
        int run(Session s) {
            s.client().call("DELETE", "/token/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            s.printer().line(s.printer().json() ? "{\"revoked\":\"" + id + "\"}" : "revoked token " + id);
            return ExitCodes.OK;
        }
    }
}
