/**
 * Filecoin piece commitments (CommP) of archive payloads: {@link io.pincluster.cold.piece.PieceHasher} streams a
 * payload through Fr32 expansion (127 to 128 bytes) and the SHA-256-trunc254 binary tree in constant memory, and
 * gives a {@link io.pincluster.cold.piece.PieceInfo}: the commitment, the padded piece size, and the v1
 * ({@code baga6ea4seaq…}) and FRC-0069 v2 ({@code bafkzcib…}) piece CIDs
 * ({@link io.pincluster.cold.piece.PieceCid}).
 * The algorithm, sizes and limits are described in docs/decisions/0015-cold-tier-archives.md.
 */
package io.pincluster.cold.piece;
