package io.pincluster.service;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.peer.PeerId;
import io.pincluster.rest.RestConfig;
import io.pincluster.rest.RestSecurity;
import io.pincluster.rest.auth.TokenKey;
import io.pincluster.service.config.ConsensusSection;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.PinTrackerSection;
import io.pincluster.service.config.RestApiSection;
import io.pincluster.service.tracker.RetryBackoff;
import io.pincluster.service.tracker.TrackerSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Translates sections of {@code service.json} into the settings each component takes, for one peer (its folder
 * and ID): the composition root builds components from these and holds no translation logic itself.
 */
final class ComponentSettings {
    private final Path peerDir;
    private final PeerId peerId;

    ComponentSettings(Path peerDir, PeerId peerId) {
        this.peerDir = peerDir;
        this.peerId = peerId;
    }

    static TrackerSettings tracker(PinTrackerSection t) {
        return new TrackerSettings(t.concurrency(), t.maxQueueSize(), t.reconcileInterval(), t.progressTimeout(),
                new RetryBackoff(t.retryBackoffMin(), t.retryBackoffMax()), t.absentRecheckInterval());
    }

    // A joining peer starts outside any group: the seed's leader adds it, whatever consensus.peers says.
    ConsensusConfig consensus(ConsensusSection c, boolean joining) {
        String self = c.listen().toString();
        Map<PeerId, String> peers = new LinkedHashMap<>();
        if (!joining) {
            c.peers().forEach((id, addr) -> peers.put(id, addr.toString()));
        }
        if (peers.isEmpty() && !joining) {
            peers.put(peerId, self);
        }
        return ConsensusConfig.defaults(peerId, self, peers, resolve(c.dataDir()))
                .withElectionTimeout(c.electionTimeoutMin(), c.electionTimeoutMax())
                .withRequestTimeout(c.requestTimeout())
                .withSnapshots(c.snapshotThreshold(), ConsensusConfig.defaults(peerId, self, peers,
                        resolve(c.dataDir())).logSegmentBytes())
                .withSnapshotTriggers(c.snapshotPins(), c.snapshotLogBytes())
                .withVoters(c.voters(), c.voterReplaceAfter());
    }

    /**
     * The REST API's settings: tokens signed with a key derived from the cluster secret (so every peer accepts
     * every peer's tokens), TLS files resolved against the peer folder. Revocations are the consensus' (replicated).
     */
    RestConfig rest(RestApiSection r, String clusterSecret) {
        RestConfig d = RestConfig.defaults();
        Map<String, String> users = r.basicAuthCredentials().isEmpty() ? null : r.basicAuthCredentials();
        RestSecurity security = RestSecurity.defaults().withRoles(r.roles())
                .withTokens(TokenKey.fromClusterSecret(clusterSecret), r.tokenLifetime())
                .withTls(file(r.sslCertFile()), file(r.sslKeyFile()));
        return new RestConfig(r.httpListen().host(), r.httpListen().port(), users, r.maxBodySize(),
                r.maxAddBodySize(), d.idleTimeout(), d.maxHeaderBytes(), r.corsAllowedOrigins(),
                d.corsAllowedMethods(), security, r.requestTimeout());
    }

    /** A file named in the configuration (relative: inside the peer folder), or null. */
    Path file(String name) {
        return name == null ? null : resolve(name);
    }

    /** A folder named in the configuration; relative ones are inside the peer folder. */
    Path resolve(String dir) {
        Path p = Path.of(dir);
        return p.isAbsolute() ? p : peerDir.resolve(p);
    }

    /** The multiaddr other peers reach {@code a} of this peer at. */
    String multiaddr(ListenAddress a) {
        String proto = a.host().matches("[0-9.]+") ? "/ip4/" : a.host().contains(":") ? "/ip6/" : "/dns/";
        return proto + a.host() + "/tcp/" + a.port() + "/p2p/" + peerId;
    }
}
