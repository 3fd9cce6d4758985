/**
 * Multi-peer integration tests and their harness: {@link io.pincluster.it.cluster.TestCluster} starts N full peers
 * (in this JVM or as child processes) on loopback through the daemon's composition root, cuts links between them
 * through small TCP proxies, and waits for leaders and convergence by polling the public REST API only.
 */
package io.pincluster.it.cluster;
