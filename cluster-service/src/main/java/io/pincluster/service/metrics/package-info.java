/**
 * The Prometheus scrape endpoint: this peer's meters (pinset, pin tracker, Raft, uploads, informers, JVM) and the
 * authenticated HTTP server that serves them on {@code metrics.listen}.
 */
package io.pincluster.service.metrics;
