/**
 * What the self-healing reports: the leader's repair summary (peer states, pins under-replicated, lost, moving,
 * queued, repaired, ETA) and the log of automatic allocation changes with their reasons.
 */
package io.pincluster.core.repair;
