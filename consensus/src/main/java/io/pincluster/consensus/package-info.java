/**
 * The replicated pinset on Apache Ratis. {@link io.pincluster.consensus.ConsensusConfig} configures a
 * peer; {@link io.pincluster.consensus.ratis.RatisConsensus} implements
 * {@link io.pincluster.core.component.Consensus}. Ratis' (shaded) types stay inside this module.
 */
package io.pincluster.consensus;
