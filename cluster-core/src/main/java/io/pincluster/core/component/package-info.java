/**
 * The roles the modules meet through. {@link io.pincluster.core.component.ClusterApi} bundles the roles the HTTP
 * front ends call (peers, pins, status, add, monitor), each implemented by the service that owns it;
 * {@link io.pincluster.core.component.Consensus} is the pinset ({@link io.pincluster.core.component.ReplicatedPinset})
 * and the membership ({@link io.pincluster.core.component.ClusterMembership}) one Raft group serves.
 */
package io.pincluster.core.component;
