package io.pincluster.rest.query;

import com.linecorp.armeria.common.QueryParams;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;

/** {@code GET /health/moves?cid=&limit=}: which pin's changes (all when absent) and how many (1..10000, 100). */
public record MovesQuery(Cid cid, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public static MovesQuery parse(QueryParams q) {
        Integer limit = QueryValues.integer(q, "limit");
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw ClusterException.badRequest("limit: must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return new MovesQuery(QueryValues.cid(q, "cid"), limit == null ? DEFAULT_LIMIT : limit);
    }
}
