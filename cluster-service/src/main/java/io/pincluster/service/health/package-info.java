/**
 * Failure detection: every peer judges every member {@code up}, {@code suspect} or {@code down} from the time its
 * last ping metric arrived ({@link io.pincluster.service.health.PeerHealth}). Each peer runs it, so a new leader
 * knows at once which peers are down and for how long, and the repair it resumes waits out the same grace. And this
 * peer's own readiness for a load balancer ({@link io.pincluster.service.health.PeerReadiness}), and the watch that
 * stops it when its consensus ended without it asking: its Raft server stopped on its own, or the cluster removed it
 * ({@link io.pincluster.service.health.ConsensusEndWatch}).
 */
package io.pincluster.service.health;
