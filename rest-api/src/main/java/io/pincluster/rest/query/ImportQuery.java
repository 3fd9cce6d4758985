package io.pincluster.rest.query;

import com.linecorp.armeria.common.QueryParams;
import io.pincluster.core.error.ClusterException;

/**
 * The query of {@code POST /state/import}: replication factors that replace every imported pin's own, as
 * ipfs-cluster's {@code state import --rmin/--rmax} do; 0 (or absent) keeps each pin's.
 */
public record ImportQuery(int replicationMin, int replicationMax) {
    public static ImportQuery parse(QueryParams q) {
        Integer min = QueryValues.integer(q, "replication-min");
        Integer max = QueryValues.integer(q, "replication-max");
        if (min != null && min < -1 || max != null && max < -1) {
            throw ClusterException.badRequest("replication-min and replication-max must be -1, 0 or positive, not "
                    + min + " and " + max);
        }
        return new ImportQuery(min == null ? 0 : min, max == null ? 0 : max);
    }
}
