/**
 * Keeps this peer's local pins in line with the pins allocated to it.
 * {@link io.pincluster.service.tracker.LocalPinTracker} listens to the replicated pinset, reconciles each changed
 * CID on a bounded worker pool through the {@link io.pincluster.core.component.NodeConnector}, and answers the
 * local status of any CID; {@link io.pincluster.service.tracker.TrackedWork} keeps the queue, retries and statuses
 * of the work in progress, and {@link io.pincluster.service.tracker.Reconciliation} runs the full passes that
 * compare the pinset with the store (at start and periodically). Before a pin's first attempt asks any peer, a
 * {@link io.pincluster.service.tracker.HolderLookup} asks the leader who holds it (decision 0022).
 */
package io.pincluster.service.tracker;
