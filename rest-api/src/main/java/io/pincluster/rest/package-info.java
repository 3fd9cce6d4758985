/**
 * The ipfs-cluster-compatible REST API: {@link io.pincluster.rest.RestApiServer} serves
 * {@link io.pincluster.core.component.ClusterApi} over HTTP as configured by {@link io.pincluster.rest.RestConfig}.
 */
package io.pincluster.rest;
