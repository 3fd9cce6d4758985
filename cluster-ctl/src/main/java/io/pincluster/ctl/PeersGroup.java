package io.pincluster.ctl;

import picocli.CommandLine.Command;

/** {@code pincluster peers ...}: the cluster's membership, changed one peer at a time. */
@Command(name = "peers", description = "List, add and remove the cluster's peers.",
        subcommands = {PeersLsCommand.class, PeersAddCommand.class, PeersRmCommand.class})
final class PeersGroup {
}
