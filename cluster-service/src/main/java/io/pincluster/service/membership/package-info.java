/**
 * How a peer enters and stays known to the cluster: {@link io.pincluster.service.membership.ClusterJoin} asks a
 * running peer to add a new one ({@code pincluster daemon --join}), and
 * {@link io.pincluster.service.membership.SelfRegistration} keeps this peer's entry in the replicated peer directory
 * (name, Raft and RPC addresses) current so every member can reach it.
 */
package io.pincluster.service.membership;
