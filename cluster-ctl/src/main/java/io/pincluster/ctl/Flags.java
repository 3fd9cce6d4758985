package io.pincluster.ctl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags one command accepts, and the parser for them. Flags are {@code --name value},
 * {@code --name=value} or, for booleans, {@code --name}; {@code --} ends the flags. Anything else is a
 * positional argument. An unknown flag or a missing value is a {@link UsageException}.
 */
final class Flags {
    private enum Kind { BOOLEAN, VALUE, REPEATED }

    private final Map<String, String> canonicalByAlias = new HashMap<>();
    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    Flags bool(String name, String... aliases) {
        return declare(Kind.BOOLEAN, name, aliases);
    }

    Flags value(String name, String... aliases) {
        return declare(Kind.VALUE, name, aliases);
    }

    Flags repeated(String name, String... aliases) {
        return declare(Kind.REPEATED, name, aliases);
    }

    /** A copy with {@code other}'s flags added, so global flags may follow the command. */
    Flags with(Flags other) {
        Flags merged = new Flags();
        merged.canonicalByAlias.putAll(canonicalByAlias);
        merged.kinds.putAll(kinds);
        merged.canonicalByAlias.putAll(other.canonicalByAlias);
        merged.kinds.putAll(other.kinds);
        return merged;
    }

    private Flags declare(Kind kind, String name, String... aliases) {
        kinds.put(name, kind);
        canonicalByAlias.put(name, name);
        for (String alias : aliases) {
            canonicalByAlias.put(alias, name);
        }
        return this;
    }

    /** Parses all of {@code argv}. */
    Parsed parse(List<String> argv) {
        return parse(argv, false);
    }

    /** Parses leading flags only, stopping at the first positional argument (for global flags before a command). */
    Parsed parseLeading(List<String> argv) {
        return parse(argv, true);
    }

    private Parsed parse(List<String> argv, boolean stopAtPositional) {
        Map<String, List<String>> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        int i = 0;
        boolean flagsEnded = false;
        while (i < argv.size()) {
            String token = argv.get(i);
            if (flagsEnded || !token.startsWith("-") || token.equals("-")) {
                if (stopAtPositional) {
                    break;
                }
                positional.add(token);
                i++;
                continue;
            }
            if (token.equals("--")) {
                flagsEnded = true;
                i++;
                continue;
            }
            String body = token.startsWith("--") ? token.substring(2) : token.substring(1);
            String inline = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                inline = body.substring(eq + 1);
                body = body.substring(0, eq);
            }
            String name = canonicalByAlias.get(body);
            if (name == null) {
                throw new UsageException("unknown flag '" + token + "'");
            }
            Kind kind = kinds.get(name);
            String value;
            if (kind == Kind.BOOLEAN) {
                value = inline == null ? "true" : inline;
                if (!value.equals("true") && !value.equals("false")) {
                    throw new UsageException("flag --" + name + " takes true or false, not '" + value + "'");
                }
            } else if (inline != null) {
                value = inline;
            } else if (i + 1 < argv.size()) {
                value = argv.get(++i);
            } else {
                throw new UsageException("flag --" + name + " needs a value");
            }
            List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
            if (kind != Kind.REPEATED) {
                list.clear();
            }
            list.add(value);
            i++;
        }
        return new Parsed(values, positional, argv.subList(i, argv.size()));
    }

    /** The result of parsing: flag values by canonical name, positional arguments, and unparsed rest. */
    static final class Parsed {
        private final Map<String, List<String>> values;
        private final List<String> positional;
        private final List<String> rest;

        private Parsed(Map<String, List<String>> values, List<String> positional, List<String> rest) {
            this.values = values;
            this.positional = List.copyOf(positional);
            this.rest = List.copyOf(rest);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        boolean bool(String name) {
            List<String> v = values.get(name);
            return v != null && v.get(v.size() - 1).equals("true");
        }

        String string(String name, String fallback) {
            List<String> v = values.get(name);
            return v == null ? fallback : v.get(v.size() - 1);
        }

        List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }

        int integer(String name, int fallback) {
            String v = string(name, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new UsageException("flag --" + name + " needs a whole number, not '" + v + "'");
            }
        }

        List<String> positional() {
            return positional;
        }

        List<String> rest() {
            return rest;
        }

        /** Fails unless there are between {@code min} and {@code max} positional arguments. */
        List<String> positional(int min, int max, String usage) {
            if (positional.size() < min || positional.size() > max) {
                throw new UsageException("usage: " + usage);
            }
            return positional;
        }
    }
}
