/**
 * The balanced allocator: decides which peers hold a pin, from the metrics snapshot alone (no I/O, no
 * clock, no logging), so the leader can call it inside its decision and tests can pin down every rule.
 * See {@link io.pincluster.allocator.BalancedAllocator} for the rules and where they differ from
 * ipfs-cluster.
 */
package io.pincluster.allocator;
