package io.pincluster.core.state;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The pins by CID plus their secondary indexes. One writer (the apply thread), any number of readers:
 * every structure is concurrent, and readers re-check each pin they reach through an index, so a
 * reader that races a change sees a stale index entry at worst, never a wrong answer.
 *
 * <p>The table and the per-peer index are {@link CidSortedMap}s (~16-23 bytes an entry, lookups over primitive
 * arrays); the selective indexes are skip-list sets (~36 bytes an entry, but cheap when small, and most are a
 * name's or a metadata pair's handful of pins), so they hold only pins that have the property: names,
 * metadata pairs and expiry and pin types other than the ordinary {@link PinType#DATA}. The one index over
 * (nearly) every pin is by allocated peer: repair must find the pins of a peer that died without walking the
 * whole pinset, and the tracker, GC and status read a peer's own pins from it. Data pins are found by a walk.
 */
final class PinTable {
    /** Index key of one metadata pair. */
    record MetaKey(String key, String value) {
    }

    final CidSortedMap<Pin> pins = CidSortedMap.withValues();
    final ConcurrentSkipListMap<String, ConcurrentSkipListSet<Cid>> byName = new ConcurrentSkipListMap<>();
    final ConcurrentMap<MetaKey, ConcurrentSkipListSet<Cid>> byMeta = new ConcurrentHashMap<>();
    /** Every type except {@link PinType#DATA}, the type of nearly every pin. */
    final Map<PinType, ConcurrentSkipListSet<Cid>> byType;
    final ConcurrentSkipListMap<Instant, ConcurrentSkipListSet<Cid>> byExpiry = new ConcurrentSkipListMap<>();
    /** The pins whose allocation list names a peer ("everywhere" pins name none and are in {@link #everywhere}). */
    final ConcurrentMap<PeerId, CidSortedMap<Void>> byPeer = new ConcurrentHashMap<>();
    final CidSortedMap<Void> everywhere = CidSortedMap.keysOnly();

    PinTable() {
        EnumMap<PinType, ConcurrentSkipListSet<Cid>> types = new EnumMap<>(PinType.class);
        for (PinType t : PinType.values()) {
            if (t != PinType.DATA) {
                types.put(t, new ConcurrentSkipListSet<>());
            }
        }
        byType = types;
    }

    /** Inserts or replaces; returns the previous pin. New index entries are added before stale ones go. */
    Pin put(Pin pin) {
        Pin old = pins.put(pin.cid(), pin);
        Cid cid = pin.cid();
        index(pin);
        if (old != null) {
            unindexChanged(old, pin, cid);
        }
        return old;
    }

    Pin remove(Cid cid) {
        Pin old = pins.remove(cid);
        if (old != null) {
            unindexChanged(old, null, cid);
        }
        return old;
    }

    private void index(Pin pin) {
        Cid cid = pin.cid();
        if (!pin.options().name().isEmpty()) {
            byName.computeIfAbsent(pin.options().name(), k -> new ConcurrentSkipListSet<>()).add(cid);
        }
        pin.options().metadata().forEach((k, v) ->
                byMeta.computeIfAbsent(new MetaKey(k, v), x -> new ConcurrentSkipListSet<>()).add(cid));
        if (pin.type() != PinType.DATA) {
            byType.get(pin.type()).add(cid);
        }
        if (pin.options().expireAt() != null) {
            byExpiry.computeIfAbsent(pin.options().expireAt(), x -> new ConcurrentSkipListSet<>()).add(cid);
        }
        if (pin.isEverywhere()) {
            everywhere.addKey(cid);
        } else {
            for (PeerId peer : pin.allocations()) {
                byPeer.computeIfAbsent(peer, x -> CidSortedMap.keysOnly()).addKey(cid);
            }
        }
    }

    /** Drops the index entries of {@code old} that {@code now} (null when removed) no longer has. */
    private void unindexChanged(Pin old, Pin now, Cid cid) {
        String oldName = old.options().name();
        if (!oldName.isEmpty() && (now == null || !now.options().name().equals(oldName))) {
            removeFrom(byName, oldName, cid);
        }
        Map<String, String> newMeta = now == null ? Map.of() : now.options().metadata();
        old.options().metadata().forEach((k, v) -> {
            if (!v.equals(newMeta.get(k))) {
                removeFrom(byMeta, new MetaKey(k, v), cid);
            }
        });
        if (old.type() != PinType.DATA && (now == null || now.type() != old.type())) {
            byType.get(old.type()).remove(cid);
        }
        Instant oldExpiry = old.options().expireAt();
        if (oldExpiry != null && (now == null || !Objects.equals(now.options().expireAt(), oldExpiry))) {
            removeFrom(byExpiry, oldExpiry, cid);
        }
        if (old.isEverywhere() && (now == null || !now.isEverywhere())) {
            everywhere.removeKey(cid);
        }
        for (PeerId peer : old.allocations()) {
            if (now == null || now.isEverywhere() || !now.allocations().contains(peer)) {
                byPeer.computeIfPresent(peer, (k, set) -> {
                    set.removeKey(cid);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    private static <K> void removeFrom(ConcurrentMap<K, ConcurrentSkipListSet<Cid>> index, K key, Cid cid) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(cid);
            return set.isEmpty() ? null : set;
        });
    }
}
