package io.pincluster.ctl;

import picocli.CommandLine.Command;

/** {@code pincluster state ...}: the pinset as a file, to back it up or move it between clusters. */
@Command(name = "state", description = "Export the pinset to a file, or import one (backup and restore).",
        subcommands = {StateExportCommand.class, StateImportCommand.class})
final class StateGroup {
}
