/**
 * Real IPFS daemons for tests: {@link io.pincluster.it.jsipfs.JsIpfsInstall} installs js-ipfs 0.66.1 (the last
 * release, run as a Kubo-RPC stand-in because no Kubo binary can be installed here) from npm into a cache folder
 * shared by test runs; {@link io.pincluster.it.jsipfs.JsIpfsDaemon} runs one daemon locked to loopback.
 */
package io.pincluster.it.jsipfs;
