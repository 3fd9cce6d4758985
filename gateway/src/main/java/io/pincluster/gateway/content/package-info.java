/**
 * What the gateway needs from the node's content: {@link io.pincluster.gateway.content.ContentSource} resolves
 * {@code /ipfs} paths, streams file ranges, lists directories and exports raw blocks and CARs. The typed
 * exceptions here let the HTTP layer answer with the right status without knowing the store or UnixFS types.
 * {@link io.pincluster.gateway.content.BlockStoreContentSource} implements it over the embedded block store.
 */
package io.pincluster.gateway.content;
