/**
 * What the peer links (Raft, cluster RPC) need from mutual TLS, in JDK types only: the implementation (the
 * cluster CA, certificates, rotation) lives in the peer-security module and the composition root hands it over.
 */
package io.pincluster.core.tls;
