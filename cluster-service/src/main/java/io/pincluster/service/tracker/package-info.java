/**
 * Keeps this peer's local pins in line with the pins allocated to it.
 * {@link io.pincluster.service.tracker.LocalPinTracker} listens to the replicated pinset, reconciles each changed
 * CID on a bounded worker pool through the {@link io.pincluster.core.component.NodeConnector}, and answers the
 * local status of any CID.
 */
package io.pincluster.service.tracker;
