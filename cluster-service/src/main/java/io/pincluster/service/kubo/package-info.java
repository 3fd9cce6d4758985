/**
 * What a peer whose connector is a Kubo daemon needs beyond the connector: {@link
 * io.pincluster.service.kubo.KuboContentPinner} lets the daemon fetch the content itself while the pin tracker
 * watches its progress, and {@link io.pincluster.service.kubo.DaemonAddresses} finds the other peers' daemons so
 * {@link io.pincluster.connector.kubo.SwarmConnector} can connect this daemon to them.
 */
package io.pincluster.service.kubo;
