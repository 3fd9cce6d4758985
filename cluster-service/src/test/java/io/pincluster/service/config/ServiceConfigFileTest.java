package io.pincluster.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.time.GoDuration;
import io.pincluster.service.InitCommand;
import io.pincluster.service.InitOptions;
import io.pincluster.service.identity.PeerIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigFileTest {
    private static final String SECRET = "ab".repeat(32);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServiceConfig parse(String json, Map<String, String> env) {
        return ServiceConfigFile.parse(json.getBytes(StandardCharsets.UTF_8), env, "service.json");
    }

    private static String minimal(String extra) {
        return "{\"cluster\":{\"secret\":\"" + SECRET + "\"}" + extra + "}";
    }

    @Test
    void absentSectionsTakeTheDefaults() {
        ServiceConfig c = parse(minimal(""), Map.of());

        assertThat(c.cluster().replicationFactorMin()).isEqualTo(-1);
        assertThat(c.cluster().replicationFactorMax()).isEqualTo(-1);
        assertThat(c.consensus().listen()).isEqualTo(ListenAddress.loopback(9098));
        assertThat(c.restapi().httpListen()).isEqualTo(ListenAddress.loopback(9094));
        assertThat(c.gateway().listen()).isEqualTo(ListenAddress.loopback(8080));
        assertThat(c.metrics().listen()).isEqualTo(ListenAddress.loopback(8888));
        assertThat(c.connector().type()).isEqualTo(ConnectorSection.Type.EMBEDDED);
        assertThat(c.connector().storageMax()).isEqualTo(10_000_000_000L);
        assertThat(c.pinTracker().concurrency()).isEqualTo(10);
    }

    @Test
    void writtenConfigLoadsBackEqualAndOwnerOnly(@TempDir Path dir) throws Exception {
        PeerId peer = PeerIdentity.generate().peerId();
        ServiceConfig c = ServiceConfig.defaults("p0")
                .withCluster(ServiceConfig.defaults("p0").cluster().withTags(Map.of("zone", "z1")).withReplication(2, 3))
                .withConsensus(ConsensusSection.defaults().withPeers(Map.of(peer, ListenAddress.loopback(9098))))
                .withRestapi(RestApiSection.defaults().withBasicAuth(Map.of("admin", "s3cret")))
                .withConnector(ConnectorSection.defaults().withStorageMax(1L << 30))
                .withGateway(GatewaySection.defaults().withCacheSize(64L << 20))
                .withIpfsproxy(IpfsProxySection.defaults().withEnabled(true).withListen(ListenAddress.loopback(9195)));
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);

        ServiceConfigFile.write(file, c, false);

        assertThat(ServiceConfigFile.load(file, Map.of())).isEqualTo(c);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("\"storage_max\" : \"1GiB\"", "\"zone\" : \"z1\"",
                "\"cache_size\" : \"64MiB\"", "\"ipfsproxy\" : {", "\"listen\" : \"127.0.0.1:9195\"");
        // off unless asked for: the proxy is one more port that changes the pinset
        assertThat(ServiceConfig.defaults("p1").ipfsproxy().enabled()).isFalse();
        assertThat(ServiceConfig.defaults("p1").ipfsproxy().listen()).isEqualTo(ListenAddress.loopback(9095));
    }

    @Test
    void environmentOverridesTheFileWithTypedValues() {
        ServiceConfig c = parse(minimal(",\"restapi\":{\"http_listen\":\"127.0.0.1:9094\"}"), Map.of(
                "PINCLUSTER_RESTAPI_HTTP_LISTEN", "127.0.0.1:9999",
                "PINCLUSTER_CLUSTER_REPLICATION_FACTOR_MIN", "2",
                "PINCLUSTER_CLUSTER_REPLICATION_FACTOR_MAX", "3",
                "PINCLUSTER_PIN_TRACKER_CONCURRENCY", "4",
                "PINCLUSTER_CLUSTER_TAGS", "{\"zone\":\"z9\"}",
                "PINCLUSTER_CONSENSUS_ELECTION_TIMEOUT_MIN", "300ms",
                "PINCLUSTER_JAVA_OPTS", "-Xmx1g",
                "HOME", "/root"));

        assertThat(c.restapi().httpListen()).isEqualTo(new ListenAddress("127.0.0.1", 9999));
        assertThat(c.cluster().replicationFactorMin()).isEqualTo(2);
        assertThat(c.cluster().replicationFactorMax()).isEqualTo(3);
        assertThat(c.pinTracker().concurrency()).isEqualTo(4);
        assertThat(c.cluster().zone()).isEqualTo("z9");
        assertThat(c.consensus().electionTimeoutMin()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> parse(minimal(""), Map.of("PINCLUSTER_CLUSTER_REPLICATION_FACTOR_MIN", "two")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.replication_factor_min (from PINCLUSTER_CLUSTER_REPLICATION_FACTOR_MIN)")
                .hasMessageContaining("whole number");
    }

    @Test
    void diskMarksDefaultToNinetyAndNinetyFivePercentAndMustBeOrdered() {
        ServiceConfig c = parse(minimal(""), Map.of());
        assertThat(c.repair().diskHighWater()).isEqualTo(0.90);
        assertThat(c.repair().diskShedWater()).isEqualTo(0.95);
        assertThat(parse(minimal(""), Map.of("PINCLUSTER_REPAIR_DISK_HIGH_WATER", "0.8")).repair().diskHighWater())
                .isEqualTo(0.8);

        ConfigException bad = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(minimal(
                ",\"repair\":{\"disk_high_water\":0.97,\"disk_shed_water\":0.95}"), Map.of()));
        assertThat(bad.problems())
                .anySatisfy(p -> assertThat(p).startsWith("repair.disk_shed_water: must be at least"));
        assertThatThrownBy(() -> parse(minimal(",\"repair\":{\"disk_high_water\":0}"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("repair.disk_high_water");
    }

    @Test
    void waitingPinsReCheckEveryTenMinutesAndAskAtMostEightPeersByDefault() {
        ServiceConfig c = parse(minimal(""), Map.of());
        assertThat(c.pinTracker().absentRecheckInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.pinTracker().fetchPeers()).isEqualTo(8);

        ServiceConfig set = parse(minimal(",\"pin_tracker\":{\"fetch_peers\":3}"), Map.of(
                "PINCLUSTER_PIN_TRACKER_ABSENT_RECHECK_INTERVAL", "0s"));
        assertThat(set.pinTracker().absentRecheckInterval()).isZero();
        assertThat(set.pinTracker().fetchPeers()).isEqualTo(3);

        ConfigException bad = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(minimal(
                ",\"pin_tracker\":{\"fetch_peers\":0,\"absent_recheck_interval\":\"-1m\"}"), Map.of()));
        assertThat(bad.problems()).anySatisfy(p -> assertThat(p).startsWith("pin_tracker.fetch_peers:"))
                .anySatisfy(p -> assertThat(p).startsWith("pin_tracker.absent_recheck_interval:"));
    }

    @Test
    void clusterLoopPeriodsUnderAMillisecondAreNamed() {
        ConfigException bad = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(
                minimal(""), Map.of("PINCLUSTER_CLUSTER_STATE_SYNC_INTERVAL", "500us",
                        "PINCLUSTER_CLUSTER_HOLDER_REPORT_INTERVAL", "10ns")));
        assertThat(bad.problems())
                .anySatisfy(p -> assertThat(p).isEqualTo("cluster.state_sync_interval: must be at least 1ms"))
                .anySatisfy(p -> assertThat(p).isEqualTo("cluster.holder_report_interval: must be at least 1ms"));
    }

    @Test
    void repairDefaultsAndBadRepairValuesAreNamed() {
        ServiceConfig c = parse(minimal(""), Map.of());
        assertThat(c.repair().enabled()).isTrue();
        assertThat(c.repair().peerDownAfter()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(c.repair().repairGrace()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(c.repair().repairMaxPinsPerSecond()).isEqualTo(20_000);
        assertThat(parse(minimal(",\"repair\":{\"repair_grace\":\"0s\"}"), Map.of()).repair().repairGrace())
                .isZero();

        ConfigException bad = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(minimal(
                ",\"repair\":{\"peer_down_after\":\"0s\",\"repair_grace\":\"-1s\","
                        + "\"repair_max_pins_per_second\":0}"), Map.of()));
        assertThat(bad.problems()).anySatisfy(p -> assertThat(p).startsWith("repair.peer_down_after: must be positive"))
                .anySatisfy(p -> assertThat(p).startsWith("repair.repair_max_pins_per_second: must be positive"));
        assertThatThrownBy(() -> parse(minimal(",\"monitor\":{\"interval\":\"10s\",\"ttl\":\"30s\"}"),
                Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("repair.peer_down_after: must be longer than monitor.interval");
    }

    @Test
    void portOutOfRangeIsOneClearError() {
        assertThatThrownBy(() -> parse(minimal(",\"restapi\":{\"http_listen\":\"127.0.0.1:70000\"}"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("restapi.http_listen: port 70000 is out of range (0-65535)");
    }

    @Test
    void everyBadValueIsReportedOnceInOnePass() {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(
                "{\"cluster\":{\"secret\":\"xyz\",\"replication_factor_min\":3,\"replication_factor_max\":2},"
                        + "\"consensus\":{\"election_timeout_min\":\"1x\"},"
                        + "\"pin_tracker\":{\"concurrency\":0},"
                        + "\"connector\":{\"type\":\"ipfs\",\"storage_max\":\"lots\"}}", Map.of()));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "cluster.secret: must be 64 hex characters (32 bytes)",
                "cluster.replication_factor_min: cluster.replication_factor_min is larger than max",
                "consensus.election_timeout_min: unknown unit 'x' in duration '1x' (use ns, us, ms, s, m or h)",
                "pin_tracker.concurrency: 0 is out of range (1-1000)",
                "connector.type: 'ipfs' is not a connector type (use embedded or kubo)",
                "connector.storage_max: 'lots' is not a size like 1048576, 512MB or 10GiB");
    }

    @Test
    void gatewayCacheSizeIsASizeZeroTurnsItOffAndANegativeOneIsNamed() {
        assertThat(parse(minimal(""), Map.of()).gateway().cacheSize()).isEqualTo(256L << 20);
        assertThat(parse(minimal(",\"gateway\":{\"cache_size\":\"64MiB\"}"), Map.of()).gateway().cacheSize())
                .isEqualTo(64L << 20);
        assertThat(parse(minimal(""), Map.of("PINCLUSTER_GATEWAY_CACHE_SIZE", "0")).gateway().cacheSize()).isZero();

        assertThatThrownBy(() -> parse(minimal(",\"gateway\":{\"cache_size\":-1}"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gateway.cache_size: must be a size (0 turns the cache off), not -1");
        assertThatThrownBy(() -> parse(minimal(",\"gateway\":{\"cache_size\":\"big\"}"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gateway.cache_size: 'big' is not a size like 1048576, 512MB or 10GiB");
    }

    @Test
    void snapshotsFollowEntriesPinsAndLogBytesTheOldKeyStillCountingEntries() {
        ConsensusSection d = parse(minimal(""), Map.of()).consensus();
        assertThat(d.snapshotThreshold()).isEqualTo(10_000);
        assertThat(d.snapshotPins()).isEqualTo(100_000);
        assertThat(d.snapshotLogBytes()).isEqualTo(64L << 20);
        ConsensusSection set = parse(minimal(",\"consensus\":{\"snapshot_threshold\":500,\"snapshot_pins\":20000,"
                + "\"snapshot_log_bytes\":\"8MiB\"}"), Map.of("PINCLUSTER_CONSENSUS_SNAPSHOT_PINS", "30000")).consensus();
        assertThat(set.snapshotThreshold()).isEqualTo(500);
        assertThat(set.snapshotPins()).as("the environment wins").isEqualTo(30_000);
        assertThat(set.snapshotLogBytes()).isEqualTo(8L << 20);
        assertThatThrownBy(() -> parse(minimal(",\"consensus\":{\"snapshot_pins\":0}"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("consensus.snapshot_pins: must be positive, not 0");
    }

    @Test
    void unknownKeysSectionsAndEnvironmentKeysAreNamed() {
        assertThatThrownBy(() -> parse(minimal(",\"restapi\":{\"http_listn\":\"127.0.0.1:1\"},\"raft\":{}"),
                Map.of("PINCLUSTER_GATEWAY_PORT", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown section raft")
                .hasMessageContaining("restapi: unknown key http_listn")
                .hasMessageContaining("gateway: unknown key port (from PINCLUSTER_GATEWAY_PORT)");
    }

    @Test
    void missingSecretIsRequiredButMayComeFromTheEnvironment() {
        assertThatThrownBy(() -> parse("{}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.secret: is required");
        assertThat(parse("{}", Map.of("PINCLUSTER_CLUSTER_SECRET", SECRET)).cluster().secret()).isEqualTo(SECRET);
    }

    @Test
    void redactedTextHoldsNoSecret() {
        ServiceConfig c = ServiceConfig.defaults("p0")
                .withRestapi(RestApiSection.defaults().withBasicAuth(Map.of("admin", "pa55word-xyz")));

        String shown = ServiceConfigFile.toJson(c, true);

        assertThat(shown).doesNotContain(c.cluster().secret()).doesNotContain("pa55word-xyz")
                .contains("admin").contains(ServiceConfigFile.REDACTED);
        assertThat(c.toString()).doesNotContain(c.cluster().secret()).doesNotContain("pa55word-xyz");
        assertThat(ServiceConfigFile.toJson(c, false)).contains(c.cluster().secret());
    }

    @Test
    void badPeerEntryIsNamed() {
        assertThatThrownBy(() -> parse(minimal(",\"consensus\":{\"peers\":{\"notapeer\":\"127.0.0.1:1\"}}"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("consensus.peers: entry 'notapeer'");
    }

    @Test
    void durationsAndSizesUseTheirDocumentedForms() {
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(GoDuration.format(Duration.ofMillis(90_250))).isEqualTo("1m30s250ms");
        assertThat(DataSize.parse("10GB")).isEqualTo(10_000_000_000L);
        assertThat(DataSize.parse("2MiB")).isEqualTo(2L << 20);
        assertThat(DataSize.format(10_000_000_000L)).isEqualTo("10GB");
        assertThatThrownBy(() -> GoDuration.parseNonNegative("-5s")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Every key the loader accepts (the keys its section readers ask for, so a key added to a reader is checked
     * without being listed here) is in the {@code service.json} that {@code pincluster init} writes and in the
     * effective configuration the peer logs at start, with its default. Former names are read but not written.
     */
    @Test
    void everyAcceptedKeyIsWrittenByInitAndShownInTheEffectiveConfiguration(@TempDir Path dir) throws Exception {
        Map<String, ServiceConfigFile.AcceptedKeys> accepted = ServiceConfigFile.acceptedKeys();
        assertThat(accepted.keySet()).containsExactlyElementsOf(ServiceConfig.SECTIONS);
        assertThat(accepted.get("restapi").keys()).contains("http_listen", "request_timeout");
        assertThat(accepted.get("pin_tracker").formerNames()).containsExactly("recover_interval");

        InitCommand.InitResult init = InitCommand.run(dir.resolve("p0"), InitOptions.defaults().withPeername("p0"));
        JsonNode written = JSON.readTree(init.configFile().toFile());
        ServiceConfig loaded = ServiceConfigFile.load(init.configFile(), Map.of());
        JsonNode effective = JSON.readTree(ServiceConfigFile.toJson(loaded, true));

        List<String> notWritten = new ArrayList<>();
        List<String> notShown = new ArrayList<>();
        List<String> formerWritten = new ArrayList<>();
        accepted.forEach((section, keys) -> {
            keys.keys().forEach(key -> {
                if (!written.path(section).has(key)) {
                    notWritten.add(section + "." + key);
                }
                if (!effective.path(section).has(key)) {
                    notShown.add(section + "." + key);
                }
            });
            keys.formerNames().stream().filter(k -> written.path(section).has(k) || effective.path(section).has(k))
                    .forEach(k -> formerWritten.add(section + "." + k));
        });
        assertThat(notWritten).as("keys the loader accepts that init does not write").isEmpty();
        assertThat(notShown).as("keys the loader accepts missing from the effective configuration").isEmpty();
        assertThat(formerWritten).as("former names are read, never written").isEmpty();

        assertThat(loaded).isEqualTo(init.config());
        ObjectNode unredacted = ((ObjectNode) effective).deepCopy();
        ((ObjectNode) unredacted.get("cluster")).put("secret", loaded.cluster().secret());
        assertThat(unredacted).as("the log shows what the file holds, the secret redacted").isEqualTo(written);
    }

    /** A file from before a key existed, without it, still loads: the key takes its default. */
    @Test
    void aFileWithoutAnyOneKeyOrSectionLoadsWithItsDefaults() throws Exception {
        ServiceConfig defaults = parse(minimal(""), Map.of());
        ObjectNode full = (ObjectNode) JSON.readTree(ServiceConfigFile.toJson(defaults, false));
        ServiceConfigFile.acceptedKeys().forEach((section, keys) -> {
            assertThat(full.has(section)).as(section + " is written").isTrue();
            if (!section.equals("cluster")) {
                ObjectNode without = full.deepCopy();
                without.remove(section);
                assertThat(parse(without.toString(), Map.of())).as("without " + section).isEqualTo(defaults);
            }
            keys.keys().stream().filter(k -> !(section + "." + k).equals("cluster.secret")).forEach(key -> {
                ObjectNode without = full.deepCopy();
                ((ObjectNode) without.get(section)).remove(key);
                assertThat(parse(without.toString(), Map.of())).as("without " + section + "." + key)
                        .isEqualTo(defaults);
            });
        });
    }

    /**
     * docs/configuration.md has a row for every key the loader accepts, and neither a row for nor a mention of
     * ({@code `section.key`}) a key it does not.
     */
    @Test
    void everyAcceptedKeyHasARowInTheConfigurationDocs() throws Exception {
        Path doc = configurationDoc();
        Set<String> documented = documentedKeys(doc);
        Set<String> accepted = new TreeSet<>();
        Set<String> former = new TreeSet<>();
        ServiceConfigFile.acceptedKeys().forEach((section, keys) -> {
            keys.keys().forEach(k -> accepted.add(section + "." + k));
            keys.formerNames().forEach(k -> former.add(section + "." + k));
        });
        assertThat(accepted.stream().filter(k -> !documented.contains(k)).toList())
                .as("keys without a row in docs/configuration.md").isEmpty();
        assertThat(documented.stream().filter(k -> !accepted.contains(k) && !former.contains(k)).toList())
                .as("rows for keys the loader does not accept").isEmpty();
        Set<String> mentioned = new TreeSet<>();
        Matcher m = Pattern.compile("`([a-z_]+)\\.([a-z_]+)`").matcher(Files.readString(doc));
        while (m.find()) {
            if (ServiceConfig.SECTIONS.contains(m.group(1))) {
                mentioned.add(m.group(1) + "." + m.group(2));
            }
        }
        assertThat(mentioned.stream().filter(k -> !accepted.contains(k) && !former.contains(k)).toList())
                .as("keys docs/configuration.md mentions that the loader does not accept").isEmpty();
    }

    /**
     * The keys named in the first cell of the docs' table rows: {@code `section.key`}, and after it
     * {@code `other_key`} (same section) or {@code `_max`} (the first key with its last part replaced).
     */
    private static Set<String> documentedKeys(Path doc) throws Exception {
        Pattern code = Pattern.compile("`([^`]+)`");
        Set<String> keys = new TreeSet<>();
        for (String line : Files.readAllLines(doc)) {
            if (!line.startsWith("| `")) {
                continue;
            }
            Matcher m = code.matcher(line.substring(1, line.indexOf('|', 1)));
            String section = null;
            String first = null;
            while (m.find()) {
                String name = m.group(1);
                int dot = name.indexOf('.');
                if (dot > 0) {
                    section = name.substring(0, dot);
                    first = name.substring(dot + 1);
                    keys.add(name);
                } else if (section != null && name.startsWith("_")) {
                    keys.add(section + "." + first.substring(0, first.lastIndexOf('_')) + name);
                } else if (section != null) {
                    keys.add(section + "." + name);
                }
            }
        }
        return keys;
    }

    private static Path configurationDoc() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path doc = d.resolve("docs/configuration.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new AssertionError("docs/configuration.md not found above " + Path.of("").toAbsolutePath());
    }
}
