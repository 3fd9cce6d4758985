package io.pincluster.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.ctl.cli.CommandIo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command of the tree, found by walking it (so a command added later is covered too), answers {@code --help}
 * with its own usage on stdout and exit 0; bad command lines get a clear error on stderr and exit 1.
 */
class CommandLineConventionsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, io());
    }

    private CommandIo io() {
        return new CommandIo(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(io()), all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    /** The words that name {@code spec} after the program name: {@code [pin, add]}. */
    private static List<String> path(CommandSpec spec) {
        List<String> words = new ArrayList<>(List.of(spec.qualifiedName(" ").split(" ")));
        return words.subList(1, words.size());
    }

    @Test
    void theTreeHoldsEveryCommand() {
        assertThat(everyCommand()).extracting(c -> c.getCommandSpec().qualifiedName(" ")).contains(
                "pincluster", "pincluster init", "pincluster daemon", "pincluster run", "pincluster up",
                "pincluster hash",
                "pincluster id", "pincluster version", "pincluster health", "pincluster peers ls",
                "pincluster peers add", "pincluster peers rm", "pincluster peers drain", "pincluster peers maintenance",
                "pincluster pin add", "pincluster pin rm",
                "pincluster pin update", "pincluster pin ls", "pincluster status", "pincluster recover",
                "pincluster add", "pincluster completion", "pincluster help");
    }

    @Test
    void everyCommandPrintsItsOwnUsageOnStdoutAndExits0() {
        for (CommandLine command : everyCommand()) {
            CommandSpec spec = command.getCommandSpec();
            for (String help : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path(spec));
                args.add(help);

                int code = run(args.toArray(String[]::new));

                String name = spec.qualifiedName(" ");
                assertThat(code).as(name + " " + help).isZero();
                assertThat(err()).as(name + " " + help).isEmpty();
                assertThat(out()).as(name).startsWith("usage: " + name);
                for (OptionSpec option : spec.options()) {
                    if (!option.hidden()) {
                        assertThat(out()).as(name).contains(option.longestName());
                    }
                }
                for (PositionalParamSpec parameter : spec.positionalParameters()) {
                    assertThat(out()).as(name).contains(parameter.paramLabel());
                }
                for (String sub : command.getSubcommands().keySet()) {
                    assertThat(out()).as(name).contains(sub);
                }
            }
        }
    }

    @Test
    void theTopLevelUsageListsTheSubcommandsAndTheSharedOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("  pin add ", "  pin rm ", "  peers ls ", "  init ", "  completion ", "--host",
                "--basic-auth", "--enc", "Exit codes");
        assertThat(run("pin", "--help")).isZero();
        assertThat(out()).startsWith("usage: pincluster pin [options] <command>").contains("  add ", "  update ");
        assertThat(run("help", "status")).isZero();
        // with four options of its own the synopsis folds them into [options]; each is listed below it
        assertThat(out()).startsWith("usage: pincluster status [<cid>...] [options]")
                .contains("--filter", "--local", "--summary");
    }

    @Test
    void unknownCommandsAndFlagsAreClearErrorsWithExitCode1() {
        assertThat(run("frobnicate")).isEqualTo(1);
        assertThat(err()).startsWith("error: unknown command 'frobnicate'").contains("pin add");
        assertThat(out()).isEmpty();

        assertThat(run("pin", "frob")).isEqualTo(1);
        assertThat(err()).startsWith("error: unknown command 'pin frob'").contains("usage: pincluster pin");

        assertThat(run("pin", "add", "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", "--bogus")).isEqualTo(1);
        assertThat(err()).startsWith("error: unknown flag '--bogus'")
                .contains("usage: pincluster pin add <cid|/ipfs/path> [options]")
                .contains("see 'pincluster pin add --help'");

        assertThat(run("up", "--bogus")).isEqualTo(1);
        assertThat(err()).contains("unknown flag '--bogus'").contains("usage: pincluster up [options]");

        assertThat(run("pin")).isEqualTo(1);
        assertThat(err()).contains("'pincluster pin' needs a command").contains("  add ", "  rm ");

        assertThat(run("peers", "rm")).isEqualTo(1);
        assertThat(err()).contains("missing required parameter: '<peer id>'");

        assertThat(run("status", "--enc", "xml")).isEqualTo(1);
        assertThat(err()).contains("--enc must be text or json, not 'xml'");
    }

    @Test
    void theCompletionScriptCompletesEveryCommandAndIsValidBash() throws Exception {
        assertThat(run("completion")).isZero();
        String script = out();
        assertThat(script).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_pincluster");
        for (String command : List.of("init", "daemon", "up", "hash", "id", "version", "health", "peers", "pin",
                "status", "recover", "add", "completion", "help", "update", "--wait-timeout", "--basic-auth")) {
            assertThat(script).as(command).contains(command);
        }
        Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        bash.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        bash.getOutputStream().close();
        String complaints = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).as(complaints).isZero();
    }
}
