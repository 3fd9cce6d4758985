package io.pincluster.core.psa;

import io.pincluster.core.cid.Cid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replicated table of Pinning Service API requests with the indexes its list route reads: by request ID, by
 * CID (which requests keep a CID pinned, and the {@code cid} filter), and newest first overall and per owner (the
 * order of the spec's results, and its {@code before}/{@code after} paging), plus a count per owner (quotas). Like
 * the revoked tokens it is changed only in log order (one writer: the Raft apply thread, or a lock for a server
 * without a cluster), so every peer holds the same table; any thread may read it while it changes (readers see
 * each request either whole or not at all).
 */
public final class PsaTable {
    /** The list order: newest first, then by request ID; a null ID sorts before every ID of the same time. */
    record Order(Instant created, String requestId) {
    }

    private static final Comparator<Order> NEWEST_FIRST = Comparator.comparing(Order::created,
            Comparator.reverseOrder()).thenComparing(Order::requestId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final Map<String, PsaPin> byId = new ConcurrentHashMap<>();
    private final Map<Cid, Set<String>> byCid = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Order, PsaPin> all = new ConcurrentSkipListMap<>(NEWEST_FIRST);
    private final Map<String, ConcurrentSkipListMap<Order, PsaPin>> byOwner = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    /** Tenant records by name (decision 0017): few, changed by admins. */
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final List<RequestListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told, on the applying thread, when a request is added or every request replaced (decision 0023's index). */
    public interface RequestListener {
        /** A request naming {@code cid} was added (or replaced another). */
        void requestAdded(Cid cid);

        /** Every request was replaced at once (a snapshot was loaded or installed). */
        void replacedAll();
    }

    public void addListener(RequestListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** Applies one change; single writer only. Returns the request removed or replaced, or null. */
    public PsaPin apply(PsaOp op) {
        if (op instanceof PsaOp.PutTenant t) {
            tenants.put(t.tenant().name(), t.tenant());
            return null;
        }
        if (op instanceof PsaOp.RemoveTenant t) {
            tenants.remove(t.name());
            return null;
        }
        if (op instanceof PsaOp.Put put) {
            PsaPin replaced = put.replaces() == null ? null : remove(put.replaces());
            PsaPin old = remove(put.pin().requestId()); // a retried request: the newer copy wins
            add(put.pin());
            listeners.forEach(l -> l.requestAdded(put.pin().cid()));
            return replaced != null ? replaced : old;
        }
        return remove(((PsaOp.Remove) op).requestId());
    }

    private void add(PsaPin pin) {
        Order order = new Order(pin.created(), pin.requestId());
        byId.put(pin.requestId(), pin);
        byCid.computeIfAbsent(pin.cid(), c -> ConcurrentHashMap.newKeySet()).add(pin.requestId());
        byOwner.computeIfAbsent(pin.owner(), o -> new ConcurrentSkipListMap<>(NEWEST_FIRST)).put(order, pin);
        all.put(order, pin);
        counts.computeIfAbsent(pin.owner(), o -> new AtomicInteger()).incrementAndGet();
    }

    private PsaPin remove(String requestId) {
        PsaPin pin = byId.remove(requestId);
        if (pin == null) {
            return null;
        }
        Order order = new Order(pin.created(), requestId);
        all.remove(order);
        byCid.computeIfPresent(pin.cid(), (c, ids) -> {
            ids.remove(requestId);
            return ids.isEmpty() ? null : ids;
        });
        byOwner.computeIfPresent(pin.owner(), (o, m) -> {
            m.remove(order);
            return m.isEmpty() ? null : m;
        });
        counts.computeIfPresent(pin.owner(), (o, n) -> n.decrementAndGet() == 0 ? null : n);
        return pin;
    }

    /** Replaces every record, tenants too (snapshot load or install; single writer only). */
    public void replaceAll(Collection<PsaPin> pins, Collection<Tenant> tenantRecords) {
        tenants.clear();
        tenantRecords.forEach(t -> tenants.put(t.name(), t));
        replaceAll(pins);
    }

    /** Replaces every pin request, leaving the tenant records (single writer only). */
    public void replaceAll(Collection<PsaPin> pins) {
        byId.clear();
        byCid.clear();
        all.clear();
        byOwner.clear();
        counts.clear();
        pins.forEach(this::add);
        listeners.forEach(RequestListener::replacedAll);
    }

    /** True when some request names {@code cid}. */
    public boolean names(Cid cid) {
        return byCid.containsKey(cid);
    }

    /** Every CID some request names, once each, in no order (weakly consistent while the table changes). */
    public java.util.stream.Stream<Cid> cids() {
        return byCid.keySet().stream();
    }

    public Optional<PsaPin> get(String requestId) {
        return Optional.ofNullable(requestId == null ? null : byId.get(requestId));
    }

    /** The requests that name {@code cid} (any owner). */
    public List<PsaPin> byCid(Cid cid) {
        Set<String> ids = byCid.get(cid);
        if (ids == null) {
            return List.of();
        }
        List<PsaPin> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            PsaPin p = byId.get(id);
            if (p != null) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing(PsaPin::created, Comparator.reverseOrder()).thenComparing(PsaPin::requestId));
        return out;
    }

    /** How many requests {@code owner} holds. */
    public int count(String owner) {
        AtomicInteger n = counts.get(owner);
        return n == null ? 0 : n.get();
    }

    public int size() {
        return byId.size();
    }

    /**
     * The requests of {@code owner} (null: of every owner) created strictly before {@code before} (null: any),
     * newest first. Lazy: it walks the index as the caller reads, holding nothing else.
     */
    public Iterator<PsaPin> newestFirst(String owner, Instant before) {
        NavigableMap<Order, PsaPin> index = owner == null ? all : byOwner.get(owner);
        if (index == null) {
            return java.util.Collections.emptyIterator();
        }
        if (before != null) {
            // Strictly before: skip every request of time >= before (they sort first).
            index = index.tailMap(new Order(before.minusNanos(1), null), true);
        }
        return index.values().iterator();
    }

    /** The newest creation time of any request held, or null. */
    public Instant newestCreated() {
        Map.Entry<Order, PsaPin> first = all.firstEntry();
        return first == null ? null : first.getKey().created();
    }

    /** Every record, oldest first then by ID: a stable order for snapshots. */
    public List<PsaPin> all() {
        List<PsaPin> out = new ArrayList<>(all.values());
        java.util.Collections.reverse(out);
        return out;
    }

    /** The record of tenant {@code name}, if an admin made one. */
    public Optional<Tenant> tenant(String name) {
        return Optional.ofNullable(name == null ? null : tenants.get(name));
    }

    /** Every tenant record, by name: a stable order for snapshots and lists. */
    public List<Tenant> tenants() {
        List<Tenant> out = new ArrayList<>(tenants.values());
        out.sort(Comparator.comparing(Tenant::name));
        return out;
    }
}
