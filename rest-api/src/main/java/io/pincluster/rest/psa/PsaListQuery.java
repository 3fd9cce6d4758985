package io.pincluster.rest.psa;

import com.linecorp.armeria.common.QueryParams;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.psa.PsaPin;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The filters of {@code GET /pins}, parsed and checked: {@code cid} (at most 10), {@code name} with {@code match}
 * ({@code exact}, {@code iexact}, {@code partial}, {@code ipartial}), {@code status}, {@code before}/{@code after}
 * (RFC 3339), {@code limit} (1 to 1000, 10 by default) and {@code meta} (a JSON object every match has).
 *
 * <p>Without {@code status}, every status is listed. The spec says {@code pinned} only, but clients (the public
 * compliance suite among them) list what they just added, which is still queued; ipfs-cluster lists every status
 * too.
 */
record PsaListQuery(List<Cid> cids, String name, Match match, Set<String> statuses, Instant before, Instant after,
                    int limit, Map<String, String> meta) {
    static final int MAX_CIDS = 10;
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    /** The spec's text matching strategies. */
    enum Match {
        EXACT, IEXACT, PARTIAL, IPARTIAL;

        boolean matches(String name, String wanted) {
            if (name == null) {
                return false;
            }
            return switch (this) {
                case EXACT -> name.equals(wanted);
                case IEXACT -> name.equalsIgnoreCase(wanted);
                case PARTIAL -> name.contains(wanted);
                case IPARTIAL -> name.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
            };
        }
    }

    /** True when every status is asked for, so no status needs to be known to filter. */
    boolean anyStatus() {
        return statuses.containsAll(PsaStatuses.ALL);
    }

    /** True when nothing but {@code limit} narrows the list: every request of the caller, newest first. */
    boolean unfiltered() {
        return cids.isEmpty() && name == null && anyStatus() && before == null && after == null && meta.isEmpty();
    }

    /** Whether {@code pin} passes every filter but {@code cid}, {@code before}, {@code after} and {@code status}. */
    boolean matchesNameAndMeta(PsaPin pin) {
        if (name != null && !match.matches(pin.name(), name)) {
            return false;
        }
        for (Map.Entry<String, String> m : meta.entrySet()) {
            if (!m.getValue().equals(pin.meta().get(m.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** @throws IllegalArgumentException naming the parameter that is wrong */
    static PsaListQuery parse(QueryParams params) {
        List<Cid> cids = new ArrayList<>();
        for (String v : params.getAll("cid")) {
            for (String c : v.split(",", -1)) {
                if (c.isBlank()) {
                    continue;
                }
                try {
                    Cid cid = Cid.parse(c.trim());
                    if (!cids.contains(cid)) {
                        cids.add(cid);
                    }
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("cid '" + PsaJson.excerpt(c) + "' is not a CID");
                }
            }
        }
        if (cids.size() > MAX_CIDS) {
            throw new IllegalArgumentException("cid: at most " + MAX_CIDS + " CIDs");
        }
        String name = params.get("name");
        if (name != null && name.length() > PsaPin.MAX_NAME_CHARS) {
            throw new IllegalArgumentException("name is longer than " + PsaPin.MAX_NAME_CHARS + " characters");
        }
        String matchText = params.get("match", "exact");
        Match match;
        try {
            match = Match.valueOf(matchText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("match must be exact, iexact, partial or ipartial, not '"
                    + PsaJson.excerpt(matchText) + "'");
        }
        Set<String> statuses = new LinkedHashSet<>();
        for (String v : params.getAll("status")) {
            for (String s : v.split(",", -1)) {
                if (!PsaStatuses.ALL.contains(s.trim())) {
                    throw new IllegalArgumentException("status must be a comma list of queued, pinning, pinned and "
                            + "failed, not '" + PsaJson.excerpt(s) + "'");
                }
                statuses.add(s.trim());
            }
        }
        if (statuses.isEmpty()) {
            statuses.addAll(PsaStatuses.ALL);
        }
        int limit = DEFAULT_LIMIT;
        String limitText = params.get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be a number from 1 to " + MAX_LIMIT + ", not '"
                        + PsaJson.excerpt(limitText) + "'");
            }
        }
        String metaText = params.get("meta");
        Map<String, String> meta = metaText == null || metaText.isBlank() ? Map.of() : PsaJson.metaFilter(metaText);
        return new PsaListQuery(List.copyOf(cids), name, match, Set.copyOf(statuses), time(params, "before"),
                time(params, "after"), limit, Map.copyOf(meta));
    }

    private static Instant time(QueryParams params, String key) {
        String v = params.get(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an RFC 3339 time (2020-07-27T17:32:28Z), not '"
                    + PsaJson.excerpt(v) + "'");
        }
    }
}
