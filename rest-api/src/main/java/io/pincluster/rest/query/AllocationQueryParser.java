package io.pincluster.rest.query;

import io.pincluster.core.error.Excerpt;
import com.linecorp.armeria.common.QueryParams;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.pin.PinType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /allocations}: ipfs-cluster's {@code filter} (pin types, {@code all}) plus our extensions
 * {@code name}, {@code name-prefix}, one {@code meta-<key>=<value>}, {@code limit} and the {@code after} cursor.
 */
public final class AllocationQueryParser {
    private AllocationQueryParser() {
    }

    public static AllocationQuery parse(QueryParams q) {
        Set<PinType> types = types(q);
        String name = QueryValues.string(q, "name");
        String prefix = QueryValues.string(q, "name-prefix");
        if (name != null && prefix != null) {
            throw ClusterException.badRequest("use either name or name-prefix, not both");
        }
        String metaKey = null;
        String metaValue = null;
        for (String param : q.names()) {
            if (param.startsWith(PinOptionsQuery.META_PREFIX)) {
                if (metaKey != null) {
                    throw ClusterException.badRequest("only one meta-<key>=<value> filter is supported");
                }
                metaKey = param.substring(PinOptionsQuery.META_PREFIX.length());
                metaValue = q.get(param);
                if (metaKey.isEmpty()) {
                    throw ClusterException.badRequest("meta-: metadata key must not be empty");
                }
            }
        }
        Integer limit = QueryValues.integer(q, "limit");
        if (limit != null && limit < 0) {
            throw ClusterException.badRequest("limit: must not be negative, not " + limit);
        }
        Cid after = QueryValues.cid(q, "after");
        return new AllocationQuery(types, prefix != null ? prefix : name, prefix != null, metaKey, metaValue, after,
                limit == null ? 0 : limit);
    }

    private static Set<PinType> types(QueryParams q) {
        EnumSet<PinType> types = EnumSet.noneOf(PinType.class);
        List<String> unknown = new ArrayList<>();
        boolean all = false;
        for (String name : QueryValues.list(q, "filter")) {
            if (name.equals("all")) {
                all = true;
                continue;
            }
            try {
                types.add(PinType.parse(name));
            } catch (IllegalArgumentException e) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ClusterException.badRequest("invalid filter value: unknown pin type " + Excerpt.of(String.join(",", unknown)));
        }
        return all ? Set.of() : types;
    }
}
