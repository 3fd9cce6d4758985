/**
 * Mutual TLS between the peers of one cluster. The cluster CA is derived from the cluster secret (every peer
 * derives the same one, so knowing the secret is what lets a peer issue itself a certificate); each peer keeps
 * its own TLS key and a short-lived certificate naming its peer ID, re-issued before it expires; the trust
 * manager accepts only certificates of this cluster's CA whose peer the membership does not refuse.
 */
package io.pincluster.security;
