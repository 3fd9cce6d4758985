/**
 * Chaos testing of the whole cluster: five peer processes in three zones under a steady stream of {@code /add}s
 * and unpins while a seeded random schedule {@code kill -9}s, restarts and partitions them. A ledger keeps every
 * write the API acknowledged; once the chaos stops and every peer is back, nothing acknowledged may be missing,
 * every pin must be at its minimum of confirmed copies, and all peers must agree. Built on the process harness of
 * {@link io.pincluster.it.cluster.TestCluster} and the copy census of {@link io.pincluster.it.repair}.
 */
package io.pincluster.it.chaos;
