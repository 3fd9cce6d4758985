/**
 * The ipfs-cluster 1.x JSON shapes as Java records, and the mapping from the domain to them. Kept apart
 * from the domain types so the wire format can follow ipfs-cluster (field names, nulls, zero times)
 * without bending the domain.
 */
package io.pincluster.rest.json;
