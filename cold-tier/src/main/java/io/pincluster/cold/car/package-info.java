/**
 * Pin archives as CARv1 objects. {@link io.pincluster.cold.car.CarArchiveWriter} walks a pin's DAG in
 * Filecoin-deterministic order and streams it out while computing its SHA-256, piece commitment and block index,
 * which it returns as an {@link io.pincluster.cold.car.ArchiveManifest} (binary form:
 * {@link io.pincluster.cold.car.ArchiveManifestCodec}). {@link io.pincluster.cold.car.CarStreamReader} parses a
 * whole archive or a byte range of one at bounded memory, verifying every block against its CID;
 * {@link io.pincluster.cold.car.VerifyingArchiveReader} and {@link io.pincluster.cold.car.ArchiveRangeReader} also
 * hold it to the manifest. Format, limits and reasons: docs/decisions/0015-cold-tier-archives.md.
 */
package io.pincluster.cold.car;
