/**
 * The {@link io.pincluster.core.component.NodeConnector} over the embedded block store:
 * {@link io.pincluster.connector.embedded.EmbeddedConnector} translates the store's typed I/O failures into
 * {@link io.pincluster.core.error.ClusterException}s and its pins into the connector's vocabulary.
 */
package io.pincluster.connector.embedded;
