/**
 * End-to-end tests: peers as separate OS processes started through the real entry point
 * ({@code io.pincluster.service.cli.Main}), driven over HTTP, killed with SIGKILL and restarted.
 */
package io.pincluster.it;
