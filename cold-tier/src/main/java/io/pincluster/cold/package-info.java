/**
 * The cold tier: a pin's DAG archived as one CARv1 object with its SHA-256 and Filecoin piece commitment, kept in
 * S3-compatible object storage and read back, block by verified block, when no peer holds the content.
 */
package io.pincluster.cold;
