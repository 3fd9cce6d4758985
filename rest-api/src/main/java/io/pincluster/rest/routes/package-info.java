/**
 * The ipfs-cluster REST routes, grouped by resource. Each handler parses and validates everything first
 * (a 400 never reaches the cluster) and then, off the event loop, calls the role of
 * {@link io.pincluster.core.component.ClusterApi} it serves.
 */
package io.pincluster.rest.routes;
