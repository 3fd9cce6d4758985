/**
 * Query-string parsing for the REST routes: every bad value becomes a 400 naming the parameter, before
 * anything reaches the cluster.
 */
package io.pincluster.rest.query;
