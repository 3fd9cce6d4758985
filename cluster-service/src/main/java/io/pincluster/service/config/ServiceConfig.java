package io.pincluster.service.config;

import java.util.List;
import java.util.Objects;

/** The whole {@code service.json}: one validated record per component section. */
public record ServiceConfig(ClusterSection cluster, ConsensusSection consensus, RestApiSection restapi,
                            GatewaySection gateway, ConnectorSection connector, MetricsSection metrics,
                            PinTrackerSection pinTracker, MonitorSection monitor, AllocatorSection allocator,
                            RepairSection repair, PsaSection psa, IpfsProxySection ipfsproxy,
                            ExternalSection external, ColdSection cold) {
    /** The section names, in file order. */
    public static final List<String> SECTIONS = List.of(ClusterSection.NAME, ConsensusSection.NAME,
            RestApiSection.NAME, GatewaySection.NAME, ConnectorSection.NAME, MetricsSection.NAME,
            PinTrackerSection.NAME, MonitorSection.NAME, AllocatorSection.NAME, RepairSection.NAME,
            PsaSection.NAME, IpfsProxySection.NAME, ExternalSection.NAME, ColdSection.NAME);

    public ServiceConfig {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(consensus, "consensus");
        Objects.requireNonNull(restapi, "restapi");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(pinTracker, "pinTracker");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(repair, "repair");
        Objects.requireNonNull(psa, "psa");
        Objects.requireNonNull(ipfsproxy, "ipfsproxy");
        Objects.requireNonNull(external, "external");
        Objects.requireNonNull(cold, "cold");
        if (repair.peerDownAfter().compareTo(monitor.interval()) <= 0) {
            throw new ConfigException(List.of("repair.peer_down_after: must be longer than monitor.interval ("
                    + monitor.interval() + "), or every live peer would be down between two pings; got "
                    + repair.peerDownAfter()));
        }
    }

    /** A configuration with the default {@code cold} section (off). */
    public ServiceConfig(ClusterSection cluster, ConsensusSection consensus, RestApiSection restapi,
                         GatewaySection gateway, ConnectorSection connector, MetricsSection metrics,
                         PinTrackerSection pinTracker, MonitorSection monitor, AllocatorSection allocator,
                         RepairSection repair, PsaSection psa, IpfsProxySection ipfsproxy,
                         ExternalSection external) {
        this(cluster, consensus, restapi, gateway, connector, metrics, pinTracker, monitor, allocator, repair, psa,
                ipfsproxy, external, ColdSection.defaults());
    }

    /** A configuration without external pinning services. */
    public ServiceConfig(ClusterSection cluster, ConsensusSection consensus, RestApiSection restapi,
                         GatewaySection gateway, ConnectorSection connector, MetricsSection metrics,
                         PinTrackerSection pinTracker, MonitorSection monitor, AllocatorSection allocator,
                         RepairSection repair, PsaSection psa, IpfsProxySection ipfsproxy) {
        this(cluster, consensus, restapi, gateway, connector, metrics, pinTracker, monitor, allocator, repair, psa,
                ipfsproxy, ExternalSection.defaults());
    }

    /** A configuration with the default {@code psa} and {@code ipfsproxy} (off) sections. */
    public ServiceConfig(ClusterSection cluster, ConsensusSection consensus, RestApiSection restapi,
                         GatewaySection gateway, ConnectorSection connector, MetricsSection metrics,
                         PinTrackerSection pinTracker, MonitorSection monitor, AllocatorSection allocator,
                         RepairSection repair) {
        this(cluster, consensus, restapi, gateway, connector, metrics, pinTracker, monitor, allocator, repair,
                PsaSection.defaults(), IpfsProxySection.defaults());
    }

    /** A configuration with the default {@code repair} section. */
    public ServiceConfig(ClusterSection cluster, ConsensusSection consensus, RestApiSection restapi,
                         GatewaySection gateway, ConnectorSection connector, MetricsSection metrics,
                         PinTrackerSection pinTracker, MonitorSection monitor, AllocatorSection allocator) {
        this(cluster, consensus, restapi, gateway, connector, metrics, pinTracker, monitor, allocator,
                RepairSection.defaults());
    }

    /** A configuration with the default {@code monitor}, {@code allocator} and {@code repair} sections. */
    public ServiceConfig(ClusterSection cluster, ConsensusSection consensus, RestApiSection restapi,
                         GatewaySection gateway, ConnectorSection connector, MetricsSection metrics,
                         PinTrackerSection pinTracker) {
        this(cluster, consensus, restapi, gateway, connector, metrics, pinTracker, MonitorSection.defaults(),
                AllocatorSection.defaults());
    }

    /** Every default, with a fresh random cluster secret. */
    public static ServiceConfig defaults(String peername) {
        return new ServiceConfig(ClusterSection.defaults(peername), ConsensusSection.defaults(),
                RestApiSection.defaults(), GatewaySection.defaults(), ConnectorSection.defaults(),
                MetricsSection.defaults(), PinTrackerSection.defaults(), MonitorSection.defaults(),
                AllocatorSection.defaults(), RepairSection.defaults(), PsaSection.defaults(),
                IpfsProxySection.defaults(), ExternalSection.defaults(), ColdSection.defaults());
    }

    public ServiceConfig withCluster(ClusterSection s) {
        return new ServiceConfig(s, consensus, restapi, gateway, connector, metrics, pinTracker,
                monitor, allocator, repair, psa, ipfsproxy, external, cold);
    }

    public ServiceConfig withConsensus(ConsensusSection s) {
        return new ServiceConfig(cluster, s, restapi, gateway, connector, metrics, pinTracker,
                monitor, allocator, repair, psa, ipfsproxy, external, cold);
    }

    public ServiceConfig withRestapi(RestApiSection s) {
        return new ServiceConfig(cluster, consensus, s, gateway, connector, metrics, pinTracker,
                monitor, allocator, repair, psa, ipfsproxy, external, cold);
    }

    public ServiceConfig withGateway(GatewaySection s) {
        return new ServiceConfig(cluster, consensus, restapi, s, connector, metrics, pinTracker,
                monitor, allocator, repair, psa, ipfsproxy, external, cold);
    }

    public ServiceConfig withConnector(ConnectorSection s) {
        return new ServiceConfig(cluster, consensus, restapi, gateway, s, metrics, pinTracker,
                monitor, allocator, repair, psa, ipfsproxy, external, cold);
    }

    public ServiceConfig withMetrics(MetricsSection s) {
        return new ServiceConfig(cluster, consensus, restapi, gateway, connector, s, pinTracker,
                monitor, allocator, repair, psa, ipfsproxy, external, cold);
    }

    public ServiceConfig withPinTracker(PinTrackerSection s) {
        return new ServiceConfig(cluster, consensus, restapi, gateway, connector, metrics, s,
                monitor, allocator, repair, psa, ipfsproxy, external, cold);
    }

    public ServiceConfig withMonitor(MonitorSection s) {
        return new ServiceConfig(cluster, consensus, restapi, gateway, connector, metrics, pinTracker,
                s, allocator, repair, psa, ipfsproxy, external, cold);
    }

    public ServiceConfig withAllocator(AllocatorSection s) {
        return new ServiceConfig(cluster, consensus, restapi, gateway, connector, metrics, pinTracker,
                monitor, s, repair, psa, ipfsproxy, external, cold);
    }

    public ServiceConfig withRepair(RepairSection s) {
        return new ServiceConfig(cluster, consensus, restapi, gateway, connector, metrics, pinTracker, monitor,
                allocator, s, psa, ipfsproxy, external, cold);
    }

    public ServiceConfig withPsa(PsaSection s) {
        return new ServiceConfig(cluster, consensus, restapi, gateway, connector, metrics, pinTracker, monitor,
                allocator, repair, s, ipfsproxy, external, cold);
    }

    public ServiceConfig withExternal(ExternalSection s) {
        return new ServiceConfig(cluster, consensus, restapi, gateway, connector, metrics, pinTracker, monitor,
                allocator, repair, psa, ipfsproxy, s, cold);
    }

    public ServiceConfig withIpfsproxy(IpfsProxySection s) {
        return new ServiceConfig(cluster, consensus, restapi, gateway, connector, metrics, pinTracker, monitor,
                allocator, repair, psa, s, external, cold);
    }

    public ServiceConfig withCold(ColdSection s) {
        return new ServiceConfig(cluster, consensus, restapi, gateway, connector, metrics, pinTracker, monitor,
                allocator, repair, psa, ipfsproxy, external, s);
    }
}
