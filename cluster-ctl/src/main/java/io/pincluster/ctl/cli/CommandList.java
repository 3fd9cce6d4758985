package io.pincluster.ctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The commands section of a group's usage (below picocli's heading): every command down to the leaves ({@code pin add}, {@code pin rm},
 * ...) with its one-line summary, so the top-level {@code --help} shows all there is to run.
 */
final class CommandList {
    private CommandList() {
    }

    static String render(Help help) {
        List<String[]> rows = new ArrayList<>();
        collect(help, "", rows);
        if (rows.isEmpty()) {
            return "";
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            text.append(String.format("  %-" + width + "s%s%n", row[0], row[1]));
        }
        return text.toString();
    }

    private static void collect(Help help, String prefix, List<String[]> rows) {
        for (Map.Entry<String, Help> e : help.subcommands().entrySet()) {
            Help sub = e.getValue();
            if (sub.commandSpec().usageMessage().hidden()) {
                continue;
            }
            String name = prefix + e.getKey();
            if (sub.subcommands().isEmpty()) {
                rows.add(new String[] {name, summary(sub.commandSpec().usageMessage())});
            } else {
                collect(sub, name + " ", rows);
            }
        }
    }

    private static String summary(UsageMessageSpec usage) {
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        return lines.length == 0 ? "" : lines[0].replace("%n", "").trim();
    }
}
