package io.pincluster.ctl;

import picocli.CommandLine.Command;

/** {@code pincluster ipfs ...}: operations on the peers' block stores. */
@Command(name = "ipfs", description = "Operate on the peers' block stores.", subcommands = {IpfsGcCommand.class})
final class IpfsGroup {
}
