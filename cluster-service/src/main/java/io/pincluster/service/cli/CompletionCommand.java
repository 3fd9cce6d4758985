package io.pincluster.service.cli;

import io.pincluster.ctl.cli.CommandIo;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pincluster completion}: prints a bash completion script for the whole command tree (picocli writes it). */
@Command(name = "completion", description = "Print a bash completion script: source <(pincluster completion)",
        footer = {"", "Works in bash, and in zsh after autoload -U +X compinit && compinit && autoload -U +X "
                + "bashcompinit && bashcompinit."})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final CommandIo io;

    CompletionCommand(CommandIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        io.out().flush();
        return 0;
    }
}
