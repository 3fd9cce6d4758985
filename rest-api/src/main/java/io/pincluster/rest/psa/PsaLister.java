package io.pincluster.rest.psa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code GET /pins}: walks the table's newest-first index of the caller (every owner for an admin), or the
 * CID index for a {@code cid} filter, from {@code before} on, and stops at {@code after}. It holds only the page
 * ({@code limit} requests) and, when a status filter needs the cluster's status, one batch of candidates at a time,
 * so memory stays bounded whatever the number of requests; {@code count} is the true number of matches, counted
 * on the way.
 */
final class PsaLister {
    /** Candidates whose status is asked of the cluster in one call. */
    private static final int STATUS_BATCH = 256;

    private final PsaTable table;
    private final PsaStatuses statuses;

    PsaLister(PsaTable table, PsaStatuses statuses) {
        this.table = table;
        this.statuses = statuses;
    }

    /** The {@code PinResults} of {@code query} for {@code owner} (null: every owner). */
    byte[] list(PsaListQuery query, String owner) {
        if (query.unfiltered()) {
            return newest(query.limit(), owner);
        }
        Iterator<PsaPin> candidates = candidates(query, owner);
        List<PsaPin> page = new ArrayList<>(Math.min(query.limit(), 64));
        Map<Cid, PsaStatuses.CidState> pageStates = new java.util.HashMap<>();
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
            batch.add(pin);
            if (batch.size() == STATUS_BATCH) {
                count += filterByStatus(batch, query, page, pageStates);
                batch.clear();
            }
        }
        count += filterByStatus(batch, query, page, pageStates);
        List<Cid> unknown = page.stream().map(PsaPin::cid).filter(c -> !pageStates.containsKey(c)).toList();
        pageStates.putAll(statuses.of(unknown));
        List<ObjectNode> results = new ArrayList<>(page.size());
        for (PsaPin pin : page) {
            results.add(PsaJson.pinStatus(pin, pageStates.get(pin.cid())));
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
