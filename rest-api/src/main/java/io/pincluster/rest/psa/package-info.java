/**
 * The IPFS Pinning Service API (v1.0.0) on its own listener: bearer tokens of the REST API acting for their user
 * (the tenant), pin requests with their own IDs replicated through the cluster's log
 * ({@link io.pincluster.core.psa.PsaRecords}), and the cluster pinset kept in line with them
 * ({@link io.pincluster.rest.psa.PsaPinset}). Decision 0011. Tenant records with their quotas and replication,
 * tenant tokens, and the REST API's admin routes for them ({@link io.pincluster.rest.psa.TenantRoutes}): decision 0017.
 */
package io.pincluster.rest.psa;
