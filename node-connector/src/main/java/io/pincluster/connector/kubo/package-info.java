/**
 * The {@link io.pincluster.core.component.NodeConnector} over a Kubo daemon's RPC API ({@code POST /api/v0/...}).
 * {@link io.pincluster.connector.kubo.KuboConnector} is the connector; {@link io.pincluster.connector.kubo.KuboRpc}
 * does the HTTP and maps daemon errors; {@link io.pincluster.connector.kubo.KuboJson} parses tolerantly, because
 * Kubo and js-ipfs disagree on details (numbers sent as strings, CIDs printed in different bases: CIDs are compared
 * by multihash, never by string). {@link io.pincluster.connector.kubo.SwarmConnector} keeps the daemon connected
 * to the daemons of the other cluster peers, so they exchange blocks themselves.
 */
package io.pincluster.connector.kubo;
