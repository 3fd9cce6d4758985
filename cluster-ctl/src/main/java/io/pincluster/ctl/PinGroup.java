package io.pincluster.ctl;

import picocli.CommandLine.Command;

/** {@code pincluster pin ...}: changes to and views of the pinset. */
@Command(name = "pin", description = "Pin, unpin, update and list the pinset.",
        subcommands = {PinAddCommand.class, PinRmCommand.class, PinUpdateCommand.class, PinLsCommand.class})
final class PinGroup {
}
