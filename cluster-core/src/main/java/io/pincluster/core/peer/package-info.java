/** Peer identities and what a peer says about itself. */
package io.pincluster.core.peer;
