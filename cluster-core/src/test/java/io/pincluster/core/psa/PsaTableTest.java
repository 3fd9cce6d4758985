package io.pincluster.core.psa;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pin request table's indexes: by ID, by CID, newest first per owner and overall, counts per owner. */
class PsaTableTest {
    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private final PsaTable table = new PsaTable();

    private static Cid cid(int n) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("c" + n).getBytes(StandardCharsets.UTF_8)));
    }

    private PsaPin put(String id, String owner, int cid, int second) {
        PsaPin pin = new PsaPin(id, owner, cid(cid), null, List.of(), Map.of(), 0, T0.plusSeconds(second));
        table.apply(new PsaOp.Put(pin, null));
        return pin;
    }

    private static List<String> ids(Iterator<PsaPin> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(p -> out.add(p.requestId()));
        return out;
    }

    @Test
    void indexesFollowPutsReplacesAndRemoves() {
        put("a1", "alice", 1, 1);
        put("b1", "bob", 1, 2);
        put("a2", "alice", 2, 3);
        assertThat(ids(table.newestFirst(null, null))).containsExactly("a2", "b1", "a1");
        assertThat(ids(table.newestFirst("alice", null))).containsExactly("a2", "a1");
        assertThat(ids(table.newestFirst("alice", T0.plusSeconds(3)))).as("strictly before").containsExactly("a1");
        assertThat(ids(table.newestFirst("carol", null))).isEmpty();
        assertThat(table.byCid(cid(1))).extracting(PsaPin::requestId).containsExactly("b1", "a1");
        assertThat(table.count("alice")).isEqualTo(2);

        PsaPin replacement = new PsaPin("a3", "alice", cid(3), "new", List.of(), Map.of(), 0, T0.plusSeconds(4));
        assertThat(table.apply(new PsaOp.Put(replacement, "a1")).requestId()).isEqualTo("a1");
        assertThat(table.get("a1")).isEmpty();
        assertThat(table.byCid(cid(1))).extracting(PsaPin::requestId).containsExactly("b1");
        assertThat(table.count("alice")).isEqualTo(2);

        table.apply(new PsaOp.Remove("b1"));
        assertThat(table.byCid(cid(1))).isEmpty();
        assertThat(table.count("bob")).isZero();
        assertThat(table.all()).extracting(PsaPin::requestId).containsExactly("a2", "a3");
        assertThat(table.newestCreated()).isEqualTo(T0.plusSeconds(4));

        PsaTable copy = new PsaTable();
        copy.replaceAll(table.all());
        assertThat(copy.all()).isEqualTo(table.all());
        assertThat(copy.count("alice")).isEqualTo(2);
    }

    @Test
    void creationTimesAreUniqueMilliseconds() {
        Instant last = CreationTimes.next(T0.plusNanos(1_500_000), null);
        assertThat(last).isEqualTo(T0.plusMillis(1));
        assertThat(CreationTimes.next(T0, last)).isEqualTo(T0.plusMillis(2));
        assertThat(CreationTimes.next(T0.plusSeconds(1), last)).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void tenantRecordsArePutReplacedRemovedAndKeptBySnapshotLoads() {
        Tenant acme = new Tenant("acme", 5, 100, 2, 3, false, T0);
        table.apply(new PsaOp.PutTenant(acme));
        table.apply(new PsaOp.PutTenant(new Tenant("bob", 0, 0, 0, 0, true, T0)));
        Tenant changed = new Tenant("acme", 6, 100, 2, 3, false, T0);
        table.apply(new PsaOp.PutTenant(changed));
        assertThat(table.tenant("acme")).contains(changed);
        assertThat(table.tenants()).extracting(Tenant::name).containsExactly("acme", "bob");
        table.apply(new PsaOp.RemoveTenant("bob"));
        assertThat(table.tenant("bob")).isEmpty();
        put("a1", "acme", 1, 1);

        PsaTable copy = new PsaTable();
        copy.replaceAll(table.all(), table.tenants());
        assertThat(copy.tenants()).containsExactly(changed);
        assertThat(copy.count("acme")).isEqualTo(1);
        copy.replaceAll(List.of());
        assertThat(copy.tenants()).as("replacing the requests keeps the records").containsExactly(changed);
    }

    @Test
    void tenantSettingsAreCheckedAndFallBackToTheDefaults() {
        Tenant defaults = new Tenant("t", 0, 0, 0, 0, false, null);
        assertThat(defaults.pinQuota(7)).isEqualTo(7);
        assertThat(defaults.replication(-1)).isEqualTo(-1);
        assertThat(new Tenant("t", 3, 0, 2, 0, false, null).pinQuota(7)).isEqualTo(3);
        assertThat(new Tenant("t", 3, 0, 2, 0, false, null).replication(-1)).isEqualTo(2);
        for (String bad : new String[] {"", "a/b", "-x", "x".repeat(65), "sp ace", "ünï"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Tenant(bad, 0, 0, 0, 0, false, null))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Tenant("t", 0, 0, 3, 2, false, null))
                .hasMessageContaining("replication_factor_max");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Tenant("t", 0, 0, 2, -1, false, null))
                .hasMessageContaining("replication_factor_max");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Tenant("t", -1, 0, 0, 0, false, null))
                .hasMessageContaining("max_pins");
    }
}
