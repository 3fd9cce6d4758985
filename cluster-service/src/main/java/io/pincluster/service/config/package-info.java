/**
 * The peer's configuration: one {@code service.json} with a section per component, each read into a typed,
 * validated record ({@link io.pincluster.service.config.ClusterSection}, ...,
 * {@link io.pincluster.service.config.PinTrackerSection}) and gathered in
 * {@link io.pincluster.service.config.ServiceConfig}. {@link io.pincluster.service.config.ServiceConfigFile} loads
 * the file, applies {@code PINCLUSTER_<SECTION>_<KEY>} environment overrides and reports every bad or unknown value
 * at once. Durations are Go-style strings ({@code "500ms"}, {@code "30s"}, {@code "2m"}, {@code "1h30m"}); sizes
 * are byte counts or strings with a unit ({@code "10GB"} = 10^10 bytes, {@code "1GiB"} = 2^30 bytes).
 */
package io.pincluster.service.config;
