/**
 * Content identifiers: unsigned varints, multihash, multibase and CID v0/v1, parsed strictly (a
 * {@link io.pincluster.core.cid.CidParseException} names what is wrong) and compared by bytes.
 */
package io.pincluster.core.cid;
