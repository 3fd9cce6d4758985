/**
 * Wires mutual TLS on the peer links: this peer's TLS identity in its folder, admitted by the replicated membership.
 * Also retires the per-peer file of revoked REST tokens that earlier builds kept ({@link
 * io.pincluster.service.security.LegacyRevocations}).
 */
package io.pincluster.service.security;
