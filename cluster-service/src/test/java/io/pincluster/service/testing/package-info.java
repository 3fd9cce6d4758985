/**
 * Test support for cluster-service's own tests: {@link io.pincluster.service.testing.TestCluster} starts several
 * peers of one cluster in the test JVM through the daemon's composition root. (Module-independent helpers such as
 * free ports and a hand-moved clock are in the test-kit module.)
 */
package io.pincluster.service.testing;
