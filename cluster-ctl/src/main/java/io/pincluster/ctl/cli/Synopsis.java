package io.pincluster.ctl.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's usage line, made from its model so it never goes stale: the command's full name, its parameters
 * ({@code <cid>}, {@code [<cid>...]}), then its own options one by one when there are one or two
 * ({@code [--join HOST:PORT]}), or {@code [options]} when there are more or when it takes shared options.
 */
final class Synopsis {
    private static final int OPTIONS_LISTED_ONE_BY_ONE = 2;

    private Synopsis() {
    }

    static String of(CommandSpec spec) {
        StringBuilder line = new StringBuilder(spec.qualifiedName(" "));
        List<OptionSpec> own = spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.hidden() && !shared(spec, o)).toList();
        boolean takesShared = spec.options().stream().anyMatch(o -> shared(spec, o));
        boolean summed = own.size() > OPTIONS_LISTED_ONE_BY_ONE || takesShared;
        if (!spec.subcommands().isEmpty()) {
            return line.append(own.isEmpty() && !takesShared ? "" : " [options]").append(" <command>").toString();
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) {
                continue;
            }
            String text = p.paramLabel() + (p.arity().max() > 1 ? "..." : "");
            line.append(' ').append(p.arity().min() == 0 ? "[" + text + "]" : text);
        }
        if (own.size() <= OPTIONS_LISTED_ONE_BY_ONE) {
            for (OptionSpec o : own) {
                line.append(" [").append(o.longestName())
                        .append(o.typeInfo().isBoolean() ? "" : " " + o.paramLabel()).append(']');
            }
        }
        return summed ? line.append(" [options]").toString() : line.toString();
    }

    private static boolean shared(CommandSpec spec, OptionSpec option) {
        CommandSpec mixin = spec.mixins().get(CommandTree.SHARED_OPTIONS_MIXIN);
        return mixin != null && mixin.findOption(option.longestName()) != null;
    }
}
