/**
 * The {@code pincluster} client commands ({@code id}, {@code pin add}, {@code status}, {@code add}, ...):
 * an ipfs-cluster-ctl work-alike that talks to any peer's REST API over {@code java.net.http}.
 * Entry point: {@link io.pincluster.ctl.Ctl#run}.
 */
package io.pincluster.ctl;
