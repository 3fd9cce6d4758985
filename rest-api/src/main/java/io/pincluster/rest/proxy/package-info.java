/**
 * The IPFS proxy: Kubo's {@code /api/v0} on its own listener, acting on the cluster. {@code add}, {@code pin/*},
 * {@code block/put} and {@code dag/put} become cluster pins and uploads through the same {@code ClusterApi} roles
 * the REST API uses; answers and errors take Kubo's JSON shapes so Kubo clients work unchanged. Authentication is
 * the REST API's (same users, roles and tokens), unlike ipfs-cluster's proxy, which has none.
 */
package io.pincluster.rest.proxy;
