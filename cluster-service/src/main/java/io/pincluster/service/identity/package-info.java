/**
 * The peer's identity: an Ed25519 key pair whose public key, encoded as a libp2p {@code PublicKey} protobuf,
 * gives the libp2p-style peer ID ({@code 12D3KooW...}). {@link io.pincluster.service.identity.IdentityFile}
 * reads and writes {@code identity.json}; {@link io.pincluster.service.identity.PeerIdentity} holds the keys.
 */
package io.pincluster.service.identity;
