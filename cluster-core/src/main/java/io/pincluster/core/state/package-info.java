/**
 * The pinset as pure, replicated state: {@link io.pincluster.core.state.PinSetState} applies
 * deterministic {@link io.pincluster.core.state.PinOp}s in log order and keeps the indexes that let
 * queries and repair avoid scanning the whole pinset. {@link io.pincluster.core.state.PeerDirectory} is
 * the replicated table of peers and their addresses, changed the same way. No I/O and no consensus here; the consensus module
 * drives it from the Raft log.
 */
package io.pincluster.core.state;
