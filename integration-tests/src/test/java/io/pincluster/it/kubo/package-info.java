/**
 * The Kubo path against real IPFS daemons (js-ipfs from npm, see {@code io.pincluster.testkit}): the connector
 * against one daemon, and a cluster whose peers each drive their own daemon.
 */
package io.pincluster.it.kubo;
