package io.pincluster.ctl;

import io.pincluster.core.time.GoDuration;
import java.time.Duration;
import picocli.CommandLine;

/** Duration flags ({@code --timeout 30s}, {@code --expire-in 1h30m}): Go syntax, or a bare number of seconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return GoDuration.parseNonNegativeOrSeconds(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
