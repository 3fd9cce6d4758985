/**
 * A Pincluster peer: {@link io.pincluster.service.ClusterAssembly} is the composition root that builds and starts
 * every component from the configuration (its package-private {@code *Wiring} helpers build the parts of one
 * subsystem each, and start nothing); {@link io.pincluster.service.InitCommand} creates a peer folder and
 * {@link io.pincluster.service.DaemonCommand} runs a peer until it is signalled to stop.
 */
package io.pincluster.service;
