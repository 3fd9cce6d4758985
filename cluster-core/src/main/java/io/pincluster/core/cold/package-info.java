/**
 * The cold tier as the replicated state sees it (issue 17, decision 0019): which pins the cluster archives
 * ({@link io.pincluster.core.cold.ArchivePolicy}), and the CID → archive index every replica keeps
 * ({@link io.pincluster.core.cold.ArchiveIndex} of {@link io.pincluster.core.cold.ArchiveEntry}). The archives
 * themselves (CARs in an S3 bucket) are module {@code cold-tier}'s; this package names only what the log carries.
 */
package io.pincluster.core.cold;
