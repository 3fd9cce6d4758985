/**
 * The use cases behind {@link io.pincluster.core.component.ClusterApi}, one class each, each implementing the role
 * the REST API calls: pinning
 * ({@link io.pincluster.service.ops.PinService}), status ({@link io.pincluster.service.ops.StatusService}),
 * adding content ({@link io.pincluster.service.ops.AddService}), peers ({@link io.pincluster.service.ops.PeerService}),
 * the leader's allocation policy ({@link io.pincluster.service.ops.AllocatingPinDecider}) and the expiry schedule
 * ({@link io.pincluster.service.ops.ExpiryTask}).
 */
package io.pincluster.service.ops;
