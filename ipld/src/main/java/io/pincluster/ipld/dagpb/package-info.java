/**
 * The dag-pb codec (PBNode/PBLink) written to the IPLD dag-pb spec: canonical encoding (Links before
 * Data, link fields in order 1,2,3) and strict decoding that names what is wrong in a
 * {@link io.pincluster.ipld.dagpb.DagPbException}. Also the protobuf wire primitives the UnixFS
 * layer reuses, and the {@link io.pincluster.core.block.LinkReader} that block stores walk DAGs with.
 */
package io.pincluster.ipld.dagpb;
