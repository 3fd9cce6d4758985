package io.pincluster.rest.query;

import io.pincluster.core.error.Excerpt;
import com.linecorp.armeria.common.QueryParams;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of single query parameters; a bad value is a 400 naming the parameter. */
final class QueryValues {
    private QueryValues() {
    }

    /** A single-valued parameter; given twice it is refused, as the two could be read differently on the way. */
    static String string(QueryParams q, String name) {
        if (q.getAll(name).size() > 1) {
            throw ClusterException.badRequest(name + ": given " + q.getAll(name).size() + " times; give it once");
        }
        String v = q.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    static Integer integer(QueryParams q, String name) {
        String v = string(q, name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ClusterException.badRequest(name + ": '" + Excerpt.of(v) + "' is not an integer");
        }
    }

    static Cid cid(QueryParams q, String name) {
        String v = string(q, name);
        return v == null ? null : cid(name, v);
    }

    static Cid cid(String what, String value) {
        try {
            return Cid.parse(value);
        } catch (IllegalArgumentException e) {
            throw ClusterException.badRequest(what + ": invalid CID '" + Excerpt.of(value) + "': " + e.getMessage());
        }
    }

    /** The non-empty elements of a comma-separated parameter. */
    static List<String> list(QueryParams q, String name) {
        String v = string(q, name);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String part : v.split(",")) {
                String trimmed = part.trim();
                if (!trimmed.isEmpty()) {
                    out.add(trimmed);
                }
            }
        }
        return out;
    }

    /** ipfs-cluster's reading of boolean flags such as {@code local}: only "true" is true. */
    static boolean flag(QueryParams q, String name) {
        return "true".equals(q.get(name));
    }
}
