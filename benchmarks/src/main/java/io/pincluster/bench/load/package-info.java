/**
 * The REST pin load generator ({@link io.pincluster.bench.load.PinLoad}): closed-loop clients POSTing pins of
 * distinct synthetic CIDs to running peers, reporting pins/s and latency percentiles. A plain main, not JMH: it
 * measures a whole cluster of processes from the outside, like a user's clients would.
 */
package io.pincluster.bench.load;
