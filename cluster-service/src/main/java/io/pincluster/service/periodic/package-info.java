/**
 * Background loops of a peer: {@link io.pincluster.service.periodic.PeriodicTask} runs one job every period on a
 * daemon thread of its own, keeps the schedule going when a run throws, and stops it on close. The job's owner (the
 * cold tier's collector, hot copy policy and read reports, the archive scan, repair, external services) keeps what
 * differs: what a run does, whether it acts off the leader, and what it counts and logs when a run fails.
 */
package io.pincluster.service.periodic;
