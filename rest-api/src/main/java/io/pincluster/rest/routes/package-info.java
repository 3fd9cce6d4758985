/**
 * The ipfs-cluster REST routes, grouped by resource. Each handler parses and validates everything first
 * (a 400 never reaches the cluster) and then calls {@link io.pincluster.core.component.ClusterApi} off the event loop.
 */
package io.pincluster.rest.routes;
