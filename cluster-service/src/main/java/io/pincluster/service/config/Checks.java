package io.pincluster.service.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the validation failures of one section so its record can report all of them in one exception. */
final class Checks {
    private final String section;
    private final List<String> problems = new ArrayList<>();

    Checks(String section) {
        this.section = section;
    }

    Checks require(boolean ok, String key, String message) {
        if (!ok) {
            problems.add(section + "." + key + ": " + message);
        }
        return this;
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
