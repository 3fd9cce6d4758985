/**
 * Test fixtures shared (through this module's test jar) with the modules that use the IPLD library: an in-memory
 * block store that keeps the {@link io.pincluster.core.block.BlockStore} contract, and random real DAGs.
 */
package io.pincluster.ipld.testing;
