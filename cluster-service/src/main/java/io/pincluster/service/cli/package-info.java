/**
 * The {@code pincluster} command line on picocli: {@link io.pincluster.service.cli.Main} builds one command tree
 * of the peer commands ({@code init}, {@code daemon}), the local tools ({@code up}, a local multi-peer cluster as
 * child processes; {@code hash}), the REST client commands of cluster-ctl, {@code completion} and {@code help}.
 * Each {@code *Cli} class turns its command's arguments into the options of the class that does the work.
 */
package io.pincluster.service.cli;
