package io.pincluster.it.cluster;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code service.json} keys a {@link TestCluster} writes into its peers' folders on top of the test defaults, as
 * {@code "section.key"} → JSON value (a string, number, boolean, list or map, written as Jackson writes it).
 *
 * <p>A setting is either for every peer or for one peer (by index; one peer's value wins over everyone's). A
 * setting marked <em>if known</em> belongs to a feature this build may not have yet: the configuration loader
 * rejects unknown keys, so such a setting is left out when this build rejects it, and
 * {@link TestCluster#settingsUnknownToThisBuild()} names it so that a failing test can say why.
 *
 * @param everyPeer  keys written into every peer's file
 * @param perPeer    keys written into one peer's file, by peer index
 * @param ifKnown    keys (of either map) left out when this build does not know them
 */
public record PeerSettings(Map<String, Object> everyPeer, Map<Integer, Map<String, Object>> perPeer,
                           Set<String> ifKnown) {
    public PeerSettings {
        everyPeer = Map.copyOf(everyPeer);
        Map<Integer, Map<String, Object>> copy = new LinkedHashMap<>();
        perPeer.forEach((i, m) -> copy.put(i, Map.copyOf(m)));
        perPeer = Map.copyOf(copy);
        ifKnown = Set.copyOf(ifKnown);
        everyPeer.keySet().forEach(PeerSettings::requireDotted);
        perPeer.values().forEach(m -> m.keySet().forEach(PeerSettings::requireDotted));
    }

    public static PeerSettings none() {
        return new PeerSettings(Map.of(), Map.of(), Set.of());
    }

    /** {@code key} = {@code value} in every peer's file. */
    public PeerSettings with(String key, Object value) {
        Map<String, Object> all = new LinkedHashMap<>(everyPeer);
        all.put(key, value);
        return new PeerSettings(all, perPeer, ifKnown);
    }

    /** {@code key} = {@code value} in every peer's file when this build knows {@code key}; left out otherwise. */
    public PeerSettings withIfKnown(String key, Object value) {
        Set<String> optional = new LinkedHashSet<>(ifKnown);
        optional.add(key);
        return new PeerSettings(with(key, value).everyPeer, perPeer, optional);
    }

    /** {@code key} = {@code value} in peer {@code index}'s file only. */
    public PeerSettings withForPeer(int index, String key, Object value) {
        Map<Integer, Map<String, Object>> peers = new LinkedHashMap<>(perPeer);
        Map<String, Object> one = new LinkedHashMap<>(peers.getOrDefault(index, Map.of()));
        one.put(key, value);
        peers.put(index, one);
        return new PeerSettings(everyPeer, peers, ifKnown);
    }

    /** {@code cluster.tags.zone} of peer {@code i} = {@code zones.get(i)}: the allocator spreads copies by it. */
    public PeerSettings withZones(List<String> zones) {
        PeerSettings s = this;
        for (int i = 0; i < zones.size(); i++) {
            s = s.withForPeer(i, "cluster.tags", Map.of("zone", zones.get(i)));
        }
        return s;
    }

    /** What peer {@code index}'s file gets, in the order: every peer's settings, then its own. */
    Map<String, Object> forPeer(int index) {
        Map<String, Object> out = new LinkedHashMap<>(everyPeer);
        out.putAll(perPeer.getOrDefault(index, Map.of()));
        return out;
    }

    private static void requireDotted(String key) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1 || key.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("a setting is named section.key, not '" + key + "'");
        }
    }
}
