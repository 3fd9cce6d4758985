package io.pincluster.rest.query;

import io.pincluster.core.error.Excerpt;
import com.linecorp.armeria.common.QueryParams;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.pin.TrackerStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code filter} of {@code GET /pins}: status names and the {@code error}/{@code queued} aliases.
 * Empty or {@code undefined} means every status. Unlike ipfs-cluster, which silently drops unknown names
 * mixed with known ones, any unknown name is a 400 listing it: a typo must not widen the answer.
 */
public final class StatusFilterQuery {
    private StatusFilterQuery() {
    }

    public static Set<TrackerStatus> parse(QueryParams q) {
        EnumSet<TrackerStatus> filter = EnumSet.noneOf(TrackerStatus.class);
        List<String> unknown = new ArrayList<>();
        boolean all = false;
        for (String name : QueryValues.list(q, "filter")) {
            if (name.equals(TrackerStatus.UNDEFINED.wireName())) {
                all = true;
                continue;
            }
            EnumSet<TrackerStatus> group = TrackerStatus.filterGroup(name);
            if (group == null) {
                unknown.add(name);
            } else {
                filter.addAll(group);
            }
        }
        if (!unknown.isEmpty()) {
            throw ClusterException.badRequest("invalid filter value: unknown status " + Excerpt.of(String.join(",", unknown)));
        }
        return all ? EnumSet.noneOf(TrackerStatus.class) : filter;
    }
}
