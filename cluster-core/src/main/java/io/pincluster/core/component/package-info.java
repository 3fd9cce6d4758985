/**
 * The roles the modules meet through: {@link io.pincluster.core.component.ClusterApi} is the facade the
 * HTTP front ends call; the composition root implements it over consensus, tracker and connector.
 */
package io.pincluster.core.component;
