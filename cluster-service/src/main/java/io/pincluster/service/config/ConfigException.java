package io.pincluster.service.config;

import java.util.List;

/**
 * The configuration is invalid. Carries one line per problem, each naming the key ({@code section.key}) and what is
 * wrong with its value, so a user fixes every mistake in one pass.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : "invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
