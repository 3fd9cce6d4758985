package io.pincluster.ctl;

import picocli.CommandLine.Command;

/**
 * {@code pincluster state ...}: the pinset as an NDJSON file, to move it between clusters (ours or ipfs-cluster's);
 * the whole replicated state as a backup file, to restore a cluster.
 */
@Command(name = "state", description = "Export or import the pinset (NDJSON), or back up and restore the whole"
        + " replicated state.",
        subcommands = {StateExportCommand.class, StateImportCommand.class, StateBackupCommand.class,
                StateRestoreCommand.class})
final class StateGroup {
}
