/** Wires mutual TLS on the peer links: this peer's TLS identity in its folder, admitted by the replicated membership. */
package io.pincluster.service.security;
