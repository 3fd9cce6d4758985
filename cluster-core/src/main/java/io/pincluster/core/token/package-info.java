/**
 * Revoked REST tokens as replicated state: what a revocation says ({@link io.pincluster.core.token.TokenRevocation}),
 * the table every peer holds ({@link io.pincluster.core.token.RevokedTokens}, changed only in log order), and the
 * role the HTTP front end uses to revoke and check ({@link io.pincluster.core.token.TokenRevocations}). The consensus
 * module replicates the table; the REST API only sees the interface.
 */
package io.pincluster.core.token;
