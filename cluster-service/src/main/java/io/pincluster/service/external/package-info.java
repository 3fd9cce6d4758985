/**
 * External pinning services as extra holders of the cluster's pins (decision 0020): a client of the IPFS Pinning
 * Service API ({@link io.pincluster.service.external.PsaClient}), each service's failures and backoff
 * ({@link io.pincluster.service.external.ServiceHealth}), which services hold which CID
 * ({@link io.pincluster.service.external.ExternalServices}), the {@code origins} sent to them
 * ({@link io.pincluster.service.external.PeerOrigins}), the leader's reconciliation
 * ({@link io.pincluster.service.external.ExternalReconciler}, run by
 * {@link io.pincluster.service.external.ExternalTask}), and the services' entries in a pin's status
 * ({@link io.pincluster.service.external.ExternalStatus}).
 */
package io.pincluster.service.external;
