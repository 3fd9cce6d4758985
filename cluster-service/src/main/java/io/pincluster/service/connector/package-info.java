/**
 * What differs in a peer's wiring between the kinds of block store it can run. {@link
 * io.pincluster.service.connector.ConnectorKind} is chosen once from {@code connector.type}: the embedded store
 * exchanges blocks with the other peers itself and serves the gateway; a Kubo daemon fetches content itself and is
 * kept connected to the other members' daemons. The composition root asks the kind, never the connector's class.
 */
package io.pincluster.service.connector;
