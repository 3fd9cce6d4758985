package io.pincluster.ctl;

import picocli.CommandLine.Command;

/** {@code pincluster peers ...}: the cluster's membership, changed one peer at a time. */
@Command(name = "peers", description = "List, add, drain and remove the cluster's peers; maintenance for planned restarts.",
        subcommands = {PeersLsCommand.class, PeersAddCommand.class, PeersRmCommand.class, PeersDrainCommand.class,
                PeersMaintenanceCommand.class})
final class PeersGroup {
}
