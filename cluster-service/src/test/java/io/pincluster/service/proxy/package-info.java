/** Tests of the IPFS proxy against real peers: Kubo clients, bad input, authentication. */
package io.pincluster.service.proxy;
