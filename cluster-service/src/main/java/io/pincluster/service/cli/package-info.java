/**
 * The {@code pincluster} command line: {@link io.pincluster.service.cli.Main} routes {@code init} and
 * {@code daemon} to the peer, {@code hash} to the importer, {@code up} to {@link io.pincluster.service.cli.UpCommand}
 * (a local multi-peer cluster as child processes), and every client command to cluster-ctl.
 */
package io.pincluster.service.cli;
