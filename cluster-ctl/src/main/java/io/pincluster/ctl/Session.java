package io.pincluster.ctl;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/** What a command runs with: the API client, stdout printer, stderr, clock, and terminal facts. */
record Session(RestClient client, Printer printer, PrintStream err, Clock clock, boolean stderrIsTerminal,
               Duration pollInterval) {
}
