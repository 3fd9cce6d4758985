/**
 * ipfs-cluster's REST authentication: Basic credentials for several users, or HS256 JWTs issued by
 * {@code POST /token} and signed with the user's password. Secrets are compared in constant time and never logged.
 */
package io.pincluster.rest.auth;
