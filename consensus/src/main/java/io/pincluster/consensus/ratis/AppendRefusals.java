package io.pincluster.consensus.ratis;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.ratis.grpc.metrics.GrpcServerMetrics;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;

/**
 * How many appends a follower has refused this leader (INCONSISTENCY replies), read from the counter Ratis' gRPC log
 * appender keeps per follower; -1 while this peer has no such counters (not a leader, or its appenders restarted).
 * Ratis exposes the count only as a metric, so this reads the registry its {@code GrpcServerMetrics} creates, under
 * the same name parts.
 */
final class AppendRefusals implements ToLongFunction<RaftPeerId> {
    private static final String APPLICATION = "ratis_grpc";
    private static final String COMPONENT = "log_appender";
    private static final String DESCRIPTION = "Metrics for Ratis Grpc Log Appender";

    private final Supplier<RaftServer.Division> division;

    AppendRefusals(Supplier<RaftServer.Division> division) {
        this.division = division;
    }

    @Override
    public long applyAsLong(RaftPeerId follower) {
        RaftServer.Division d = division.get();
        if (d == null) {
            return -1;
        }
        MetricRegistryInfo registry = new MetricRegistryInfo(d.getMemberId().toString(), APPLICATION, COMPONENT,
                DESCRIPTION);
        String counter = String.format(GrpcServerMetrics.RATIS_GRPC_METRICS_LOG_APPENDER_INCONSISTENCY, follower);
        return MetricRegistries.global().get(registry).map(r -> r.counter(counter).getCount()).orElse(-1L);
    }
}
