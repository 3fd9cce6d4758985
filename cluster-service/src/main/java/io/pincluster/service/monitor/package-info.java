/**
 * Peer metrics: informers measure this peer (free space, tags, pin queue, pin count, ping), the
 * {@link io.pincluster.service.monitor.MetricsPublisher} sends them to every peer at a fixed interval
 * with a TTL, and the {@link io.pincluster.service.monitor.PeerMonitor} keeps the latest metric of each
 * peer and raises an alert when one expires. The leader's allocator decides from the monitor's valid
 * metrics, so a peer whose metrics expire stops being a candidate.
 */
package io.pincluster.service.monitor;
