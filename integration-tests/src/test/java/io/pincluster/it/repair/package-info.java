/**
 * Self-healing under real failures: peers as separate processes in zones, real content added through {@code /add},
 * a peer {@code kill -9}ed or briefly stopped, and what the cluster must do about it (repair after
 * {@code repair.repair_grace}, nothing before it, never a pin without a live copy, cleaned-up returners). Built on
 * the process harness of {@link io.pincluster.it.cluster.TestCluster}; the checks read only the public REST API and
 * the peers' block files.
 */
package io.pincluster.it.repair;
