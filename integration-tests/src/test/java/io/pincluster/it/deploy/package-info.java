/**
 * The deployment recipes of {@code deploy/} run for real on loopback: peer processes with the environment the
 * containers get, behind HAProxy configured by the recipe's own file ({@link io.pincluster.it.deploy.DeployIT}).
 */
package io.pincluster.it.deploy;
