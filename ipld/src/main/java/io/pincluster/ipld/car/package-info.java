/**
 * CAR v1 (content addressable archives): {@link io.pincluster.ipld.car.CarImporter} streams a CAR into a
 * block store, verifying every block and pinning the roots only once the whole archive is in;
 * {@link io.pincluster.ipld.car.CarExporter} writes one DAG as a CAR in DAG-walk order. The dag-cbor header
 * is read by a strict, minimal CBOR codec ({@link io.pincluster.ipld.car.CarHeaderCodec}); every malformed
 * input is a {@link io.pincluster.ipld.car.CarFormatException} naming its problem.
 */
package io.pincluster.ipld.car;
