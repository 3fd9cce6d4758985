package io.pincluster.service.connector;

import io.pincluster.connector.kubo.KuboConfig;
import io.pincluster.connector.kubo.KuboConnector;
import io.pincluster.connector.kubo.SwarmConnector;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.service.config.ConnectorSection;
import io.pincluster.service.kubo.DaemonAddresses;
import io.pincluster.service.kubo.KuboContentPinner;
import io.pincluster.service.ops.AddService;
import io.pincluster.service.tracker.ContentPinner;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.state.PinSetView;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import io.pincluster.core.cid.Cid;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * A Kubo daemon: it fetches missing blocks itself (the tracker watches its progress), its disk is not this peer's
 * to measure, it has its own gateway, and it is kept {@code swarm/connect}ed to the other members' daemons, whose
 * addresses come from their {@code id} over the cluster RPC.
 */
final class KuboKind implements ConnectorKind {
    private final KuboConnector kubo;

    private KuboKind(KuboConnector kubo) {
        this.kubo = kubo;
    }

    static KuboKind open(ConnectorSection section) {
        return new KuboKind(new KuboConnector(KuboConfig.of(section.nodeAddress().host(),
                section.nodeAddress().port()).withFetchTimeout(section.fetchTimeout())));
    }

    @Override
    public NodeConnector connector() {
        return kubo;
    }

    @Override
    public Optional<Path> localStoreDir() {
        return Optional.empty();
    }

    @Override
    public Optional<GarbageCollector> garbageCollector(PeerId self, PinSetView pinset,
                                                       Supplier<Stream<Cid>> surplus) {
        return Optional.empty(); // the daemon's own repo gc (or its --enable-gc) collects its store
    }

    @Override
    public ContentExchange exchange(ExchangeContext c) {
        ContentPinner pinner = new KuboContentPinner(kubo, id -> isMember(c, id));
        SwarmConnector swarm = new SwarmConnector(kubo, new DaemonAddresses(c.self(), c.members()::peers,
                c.rpc()::id), c.connector().swarmConnectInterval());
        return new ContentExchange() {
            @Override
            public ContentPinner pinner() {
                return pinner;
            }

            @Override
            public AddService.AllocationPush push() {
                return AddService.AllocationPush.NONE; // the allocated daemons fetch the blocks themselves
            }

            @Override
            public Optional<ContentSource> gatewaySource() {
                return Optional.empty();
            }

            /** What the dials of pins' origins came to (decision 0025), one series per outcome. */
            @Override
            public void registerMeters(MeterRegistry registry) {
                registerOriginMeters(registry, kubo);
            }

            @Override
            public void start() {
                swarm.start(Duration.ZERO);
            }

            @Override
            public void close() {
                swarm.close();
            }
        };
    }

    static void registerOriginMeters(MeterRegistry registry, KuboConnector kubo) {
        originCounter(registry, kubo, "connected", s -> s.connected());
        originCounter(registry, kubo, "failed", s -> s.failed());
        originCounter(registry, kubo, "skipped", s -> s.skipped());
    }

    private static void originCounter(MeterRegistry registry, KuboConnector kubo, String result,
                                      ToDoubleFunction<KuboConnector.OriginStats> value) {
        FunctionCounter.builder("pincluster.kubo.origin.connects", kubo, k -> value.applyAsDouble(k.originStats()))
                .tag("result", result)
                .description("swarm/connects to pins' origins outside the cluster before pin/add: connected, failed, "
                        + "or skipped (malformed, over the limit of 4 per pin)")
                .register(registry);
    }

    private static boolean isMember(ExchangeContext c, String peerId) {
        return c.members().peers().stream().anyMatch(p -> p.toString().equals(peerId));
    }

    @Override
    public void close() {
        kubo.close();
    }
}
