/**
 * Archiving pins and restoring them: the composition the cluster integration calls, over the CAR format
 * ({@code io.pincluster.cold.car}) and the object store ({@code io.pincluster.cold.s3}).
 *
 * <p>{@link io.pincluster.cold.archive.PinArchiver} spools a pin's CAR (hashed on the way), uploads it under a key
 * derived from its root and SHA-256 ({@link io.pincluster.cold.archive.ArchiveKeys}), stores its manifest beside it
 * ({@link io.pincluster.cold.archive.ManifestSidecars}) and returns an
 * {@link io.pincluster.cold.archive.ArchivedPin}; {@link io.pincluster.cold.archive.ArchiveSpool} keeps the spool
 * crash-safe. {@link io.pincluster.cold.archive.ArchiveBlockSource} serves blocks back by ranged, ETag-pinned,
 * verified reads, one at a time or a whole DAG into a block store, finding them in an
 * {@link io.pincluster.cold.archive.ArchiveCatalog}. {@link io.pincluster.cold.archive.TokenBucket} paces both.
 * Design: docs/decisions/0018-archiving-and-restore.md.
 */
package io.pincluster.cold.archive;
