/**
 * What every {@code pincluster} command shares on top of picocli: the streams and environment a run gets
 * ({@link io.pincluster.ctl.cli.CommandIo}), and {@link io.pincluster.ctl.cli.CommandTree}, which gives every
 * command of a tree the same {@code --help}, usage layout and usage-error messages.
 */
package io.pincluster.ctl.cli;
