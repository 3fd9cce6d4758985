/**
 * The {@code pincluster} client commands ({@code id}, {@code pin add}, {@code status}, {@code add}, ...):
 * an ipfs-cluster-ctl work-alike that talks to any peer's REST API over {@code java.net.http}. Each command is a
 * picocli {@link io.pincluster.ctl.ClientCommand}; {@link io.pincluster.ctl.Ctl#addTo} puts them in a command tree,
 * {@link io.pincluster.ctl.Ctl#run} runs them alone.
 */
package io.pincluster.ctl;
