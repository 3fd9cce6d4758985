package io.pincluster.rest.psa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaStatusIndex;
import io.pincluster.core.psa.PsaTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code GET /pins}: walks the table's newest-first index of the caller (every owner for an admin), or the
 * CID index for a {@code cid} filter, from {@code before} on, and stops at {@code after}. It holds only the page
 * ({@code limit} requests) and, when a status filter needs the cluster's status, one batch of candidates at a time,
 * so memory stays bounded whatever the number of requests; {@code count} is the true number of matches, counted
 * on the way.
 *
 * <p>A status filter first looks each candidate up in the answering peer's status index (decision 0023), a map
 * lookup; only the candidates the index cannot answer (their pin changed since its last refresh, or there is no
 * fresh index) are asked of the cluster, in batches, as without it. The page shows the status the filter matched
 * (the index's), with the delegates asked of the cluster for the page alone.
 */
final class PsaLister {
    /** Candidates whose status is asked of the cluster in one call. */
    private static final int STATUS_BATCH = 256;

    private final PsaTable table;
    private final PsaStatuses statuses;
    private final PsaStatusIndex index;

    /** {@code index} (null: none) answers status filters without asking the cluster. */
    PsaLister(PsaTable table, PsaStatuses statuses, PsaStatusIndex index) {
        this.table = table;
        this.statuses = statuses;
        this.index = index;
    }

    /** The {@code PinResults} of {@code query} for {@code owner} (null: every owner). */
    byte[] list(PsaListQuery query, String owner) {
        if (query.unfiltered()) {
            return newest(query.limit(), owner);
        }
        PsaStatusIndex.Lookup lookup = query.anyStatus() || index == null ? null : index.lookup();
        Iterator<PsaPin> candidates = candidates(query, owner);
        List<PsaPin> page = new ArrayList<>(Math.min(query.limit(), 64));
        Map<Cid, PsaStatuses.CidState> pageStates = new HashMap<>();
        Map<Cid, String> indexed = new HashMap<>();
        long count = 0;
        List<PsaPin> batch = new ArrayList<>();
        while (candidates.hasNext()) {
            PsaPin pin = candidates.next();
            if (query.after() != null && !pin.created().isAfter(query.after())) {
                break; // newest first: every later one is older still
            }
            if (!query.matchesNameAndMeta(pin)) {
                continue;
            }
            if (query.anyStatus()) {
                count++;
                if (page.size() < query.limit()) {
                    page.add(pin);
                }
                continue;
            }
            String known = lookup == null ? null : lookup.statusOf(pin.cid());
            if (known != null) {
                if (query.statuses().contains(known)) {
                    count++;
                    if (page.size() < query.limit()) {
                        page.add(pin);
                        indexed.put(pin.cid(), known);
                    }
                }
                continue;
            }
            batch.add(pin);
            if (batch.size() == STATUS_BATCH) {
                count += filterByStatus(batch, query, page, pageStates);
                batch.clear();
            }
        }
        count += filterByStatus(batch, query, page, pageStates);
        List<Cid> unknown = page.stream().map(PsaPin::cid).filter(c -> !pageStates.containsKey(c)).distinct()
                .toList();
        pageStates.putAll(statuses.of(unknown));
        List<ObjectNode> results = new ArrayList<>(page.size());
        for (PsaPin pin : page) {
            PsaStatuses.CidState state = pageStates.get(pin.cid());
            String matched = indexed.get(pin.cid());
            if (matched != null && !matched.equals(state.status())) {
                // the cluster moved on since the index's refresh: show what the filter matched, as counted
                state = new PsaStatuses.CidState(matched, state.delegates());
            }
            results.add(PsaJson.pinStatus(pin, state));
        }
        return PsaJson.results(count, results);
    }

    /**
     * Without filters the count is the index's size, kept as requests come and go: no walk over a tenant's (or, for an
     * admin, every) request just to count them, only the page is read.
     */
    private byte[] newest(int limit, String owner) {
        long count = owner == null ? table.size() : table.count(owner);
        List<PsaPin> page = new ArrayList<>(Math.min(limit, 64));
        for (Iterator<PsaPin> it = table.newestFirst(owner, null); it.hasNext() && page.size() < limit; ) {
            page.add(it.next());
        }
        Map<Cid, PsaStatuses.CidState> states = statuses.of(page.stream().map(PsaPin::cid).toList());
        List<ObjectNode> results = new ArrayList<>(page.size());
        for (PsaPin pin : page) {
            results.add(PsaJson.pinStatus(pin, states.get(pin.cid())));
        }
        return PsaJson.results(Math.max(count, page.size()), results);
    }

    private long filterByStatus(List<PsaPin> batch, PsaListQuery query, List<PsaPin> page,
                                Map<Cid, PsaStatuses.CidState> pageStates) {
        if (batch.isEmpty()) {
            return 0;
        }
        Map<Cid, PsaStatuses.CidState> states = statuses.of(batch.stream().map(PsaPin::cid).toList());
        long matched = 0;
        for (PsaPin pin : batch) {
            PsaStatuses.CidState state = states.get(pin.cid());
            if (query.statuses().contains(state.status())) {
                matched++;
                if (page.size() < query.limit()) {
                    page.add(pin);
                    pageStates.put(pin.cid(), state);
                }
            }
        }
        return matched;
    }

    private Iterator<PsaPin> candidates(PsaListQuery query, String owner) {
        if (query.cids().isEmpty()) {
            return table.newestFirst(owner, query.before());
        }
        List<PsaPin> naming = new ArrayList<>();
        for (Cid cid : query.cids()) {
            for (PsaPin p : table.byCid(cid)) {
                if ((owner == null || owner.equals(p.owner()))
                        && (query.before() == null || p.created().isBefore(query.before()))) {
                    naming.add(p);
                }
            }
        }
        naming.sort(Comparator.comparing(PsaPin::created, Comparator.reverseOrder())
                .thenComparing(PsaPin::requestId));
        return naming.iterator();
    }
}
