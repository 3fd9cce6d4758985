/**
 * Offline checks of the deployment recipes beside this module's pom: the Kubernetes manifests read strictly into the
 * Kubernetes API's types, the alert rules and dashboard queries through {@code promtool}, the systemd unit through
 * {@code systemd-analyze verify}, the HAProxy file through {@code haproxy -c}, and the shared environment file
 * through the peer's own configuration loader. Tools missing from the machine skip their test with a message
 * ({@code .ci/run} installs them).
 */
package io.pincluster.deploy;
