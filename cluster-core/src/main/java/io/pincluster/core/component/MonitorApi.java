package io.pincluster.core.component;

import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import java.util.List;

/** What this peer's monitor knows of every peer's metrics ({@code /monitor/metrics}, {@code /health/alerts}). */
public interface MonitorApi {
    /** Names of the metrics this peer's monitor has seen ({@code GET /monitor/metrics}). */
    List<String> metricNames();

    /** The latest valid metric {@code name} of each current peer ({@code GET /monitor/metrics/{name}}). */
    List<Metric> validMetrics(String name);

    /** Metric-expiry alerts this peer's monitor raised, most recent first ({@code GET /health/alerts}). */
    List<Alert> alerts();
}
