package io.pincluster.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinSetView;
import io.pincluster.core.state.WriteStageTimes;
import io.pincluster.service.ops.AddService;
import io.pincluster.service.ops.PinService;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * This peer's own meters, named after ipfs-cluster's where one exists (its {@code cluster_} prefix becomes
 * {@code pincluster_}). Gauges read their source at scrape time; the counters are fed by {@link PinService} and
 * {@link AddService} through the hooks this class implements. Prometheus names of counters end in {@code _total}.
 */
public final class PeerMeters implements PinService.PinCounter, AddService.BlockCounter {
    /** Where the gauges read from; each is called at scrape time only. */
    public record Sources(PinSetView pinset, Supplier<Map<TrackerStatus, Long>> trackerCounts,
                          Supplier<PeerInfo.RaftInfo> raft, Supplier<OptionalLong> freeSpace,
                          WriteStageTimes writeTimes) {
    }

    private final Counter pinAdd;
    private final Counter pinAddErrors;
    private final Counter blocksAdded;
    private final Counter blocksAddedSize;

    private PeerMeters(MeterRegistry registry) {
        pinAdd = Counter.builder("pincluster.pins.pin.add").description("pin requests received")
                .register(registry);
        pinAddErrors = Counter.builder("pincluster.pins.pin.add.errors").description("pin requests that failed")
                .register(registry);
        blocksAdded = Counter.builder("pincluster.blocks.added").description("blocks written by /add uploads")
                .register(registry);
        blocksAddedSize = Counter.builder("pincluster.blocks.added.size")
                .description("bytes of the blocks written by /add uploads").register(registry);
    }

    /** Registers every meter on {@code registry}. */
    public static PeerMeters register(MeterRegistry registry, Sources sources) {
        PeerMeters meters = new PeerMeters(registry);
        gauge(registry, "pincluster.pins", "pins in this peer's replica of the pinset", sources.pinset(),
                PinSetView::size);
        TrackerCounts tracker = new TrackerCounts(sources.trackerCounts());
        gauge(registry, "pincluster.pins.pin.queued", "pins waiting in this peer's tracker queue", tracker,
                t -> t.count(TrackerStatus.PIN_QUEUED));
        gauge(registry, "pincluster.pins.pinning", "pins this peer is pinning now", tracker,
                t -> t.count(TrackerStatus.PINNING));
        gauge(registry, "pincluster.pins.pin.error", "pins that failed on this peer (retried later)", tracker,
                t -> t.count(TrackerStatus.PIN_ERROR));
        Supplier<PeerInfo.RaftInfo> raft = sources.raft();
        gauge(registry, "pincluster.raft.term", "this peer's current Raft term", raft, r -> r.get().term());
        gauge(registry, "pincluster.raft.commit.index", "the last Raft log index this peer knows committed", raft,
                r -> r.get().commitIndex());
        gauge(registry, "pincluster.raft.applied.index", "the last Raft log index applied to this peer's pinset",
                raft, r -> r.get().appliedIndex());
        gauge(registry, "pincluster.raft.is.leader", "1 while this peer is the Raft leader, else 0", raft,
                r -> "leader".equals(r.get().role()) ? 1 : 0);
        for (WriteStageTimes.Stage stage : WriteStageTimes.Stage.values()) {
            FunctionTimer.builder("pincluster.pinset.write.stage", sources.writeTimes(), t -> t.count(stage),
                            t -> t.total(stage, TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS)
                    .tag("stage", stage.label())
                    .description("where this peer's pinset writes spent their time, by stage (count and total)")
                    .register(registry);
        }
        gauge(registry, "pincluster.informer.freespace", "free bytes this peer last reported (NaN before the first)",
                sources.freeSpace(), f -> {
                    OptionalLong v = f.get();
                    return v.isPresent() ? v.getAsLong() : Double.NaN;
                });
        return meters;
    }

    private static <T> void gauge(MeterRegistry registry, String name, String help, T source,
                                  ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(help).strongReference(true).register(registry);
    }

    @Override
    public void requested(boolean failed) {
        pinAdd.increment();
        if (failed) {
            pinAddErrors.increment();
        }
    }

    @Override
    public void added(int bytes) {
        blocksAdded.increment();
        blocksAddedSize.increment(bytes);
    }

    /** One walk of the tracker per scrape, not one per gauge: the counts are reused for a second. */
    private static final class TrackerCounts {
        private static final long MAX_AGE_NANOS = 1_000_000_000L;
        private final Supplier<Map<TrackerStatus, Long>> source;
        private Map<TrackerStatus, Long> counts = Map.of();
        private long takenAt;
        private boolean taken;

        TrackerCounts(Supplier<Map<TrackerStatus, Long>> source) {
            this.source = source;
        }

        synchronized double count(TrackerStatus status) {
            long now = System.nanoTime();
            if (!taken || now - takenAt > MAX_AGE_NANOS) {
                counts = source.get();
                takenAt = now;
                taken = true;
            }
            return counts.getOrDefault(status, 0L);
        }
    }
}
