/**
 * Pins of the IPFS Pinning Service API as replicated state: one {@link io.pincluster.core.psa.PsaPin} per request
 * (its own request ID, owner, name and metadata; several may name one CID), the table every peer holds with its
 * indexes ({@link io.pincluster.core.psa.PsaTable}, changed only in log order), and the role the HTTP front end uses
 * to change it ({@link io.pincluster.core.psa.PsaRecords}). The consensus replicates the table; the Pinning Service
 * API only sees the interface. Tenant records ({@link io.pincluster.core.psa.Tenant}: quotas, replication, disabled;
 * decision 0017) live in the same table. {@link io.pincluster.core.psa.PsaStatusIndex} is the answering peer's index
 * of CIDs not yet pinned, which status-filtered lists read (decision 0023).
 */
package io.pincluster.core.psa;
