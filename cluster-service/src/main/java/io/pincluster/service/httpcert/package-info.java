/**
 * Certificates for the HTTP endpoints (REST API, gateway, metrics): the self-signed pair
 * {@code pincluster init --tls} writes so that HTTPS can be tried without a certificate authority.
 */
package io.pincluster.service.httpcert;
