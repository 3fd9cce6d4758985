/**
 * The Ratis side of the pinset: the state machine that applies log entries to
 * {@link io.pincluster.core.state.PinSetState}, the leader's decisions written into each entry, the
 * snapshot files, the request batching, and the Ratis server/client settings.
 */
package io.pincluster.consensus.ratis;
