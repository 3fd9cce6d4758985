/** Hostile input to the IPFS format decoders: random and mutated bytes, and DAGs built to be expensive. */
package io.pincluster.ipld.hostile;
