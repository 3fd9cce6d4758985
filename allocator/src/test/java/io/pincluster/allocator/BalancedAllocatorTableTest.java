package io.pincluster.allocator;

import static io.pincluster.allocator.Fleet.GB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The allocation rules as a table: fleet, request, expected allocation list (in order) or error.
 * Fleet syntax is {@link Fleet}'s; sizes, pending and reserve are in GB; "-" means none.
 */
class BalancedAllocatorTableTest {
    static final Cid CID = Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");

    record Case(String rule, String fleet, int min, int max, String current, String user, double sizeGb,
                String pending, double reserveGb, String expected) {
        @Override
        public String toString() {
            return rule;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("replication 3 over 3 zones lands in 3 zones, richest zone first",
                        "a1:A:100 a2:A:90 b1:B:300 b2:B:10 c1:C:200", 3, 3, "", "", -1, "-", 0,
                        "b1 c1 a1"),
                new Case("zones taking every member's copy rank by aggregate free space (C 160 beats B 150)",
                        "a1:A:100 a2:A:100 b1:B:100 b2:B:50 c1:C:80 c2:C:80", 3, 6, "", "", -1, "-", 0,
                        "a1 c1 b1 a2 c2 b2"),
                new Case("a zone of 3 small peers does not beat one big peer: one copy goes to the big one",
                        "a1:A:100 a2:A:100 a3:A:100 b1:B:250", 1, 1, "", "", -1, "-", 0,
                        "b1"),
                new Case("... and with one copy per zone the big peer's zone still leads",
                        "a1:A:100 a2:A:100 a3:A:100 b1:B:250", 2, 2, "", "", -1, "-", 0,
                        "b1 a1"),
                new Case("a zone that must take two copies is ranked by its two best peers",
                        "a1:A:100 a2:A:100 b1:B:150 b2:B:10", 3, 3, "", "", -1, "-", 0,
                        "a1 b1 a2"),
                new Case("without zones, free space alone ranks peers one by one",
                        "a1:Z:100 a2:Z:100 a3:Z:100 b1:Z:250", 2, 2, "", "", -1, "-", 0,
                        "b1 a1"),
                new Case("ties are broken by zone name, then by peer ID",
                        "c2:C:50 c1:C:50 b2:B:50 b1:B:50 a2:A:50 a1:A:50", 6, 6, "", "", -1, "-", 0,
                        "a1 b1 c1 a2 b2 c2"),
                new Case("user allocations come first, in the user's order",
                        "a1:A:100 b1:B:90 c1:C:80 c2:C:70", 3, 3, "", "c2 a1", -1, "-", 0,
                        "c2 a1 b1"),
                new Case("unusable user allocations are skipped (expired, unknown, full)",
                        "a1:A:100 b1:B:90 c1:C:80x d1:D:0", 2, 2, "", "c1 zz d1 b1", -1, "-", 0,
                        "b1 a1"),
                new Case("-1 means every peer: the empty list",
                        "a1:A:100 b1:B:90", -1, -1, "", "", -1, "-", 0,
                        ""),
                new Case("peers with expired metrics are not candidates",
                        "a1:A:100x b1:B:90 c1:C:80", 2, 3, "", "", -1, "-", 0,
                        "b1 c1"),
                new Case("a peer missing an allocate_by metric is not a candidate",
                        "a1:-:100 b1:B:- c1:C:80", 1, 3, "", "", -1, "-", 0,
                        "c1"),
                new Case("full peers are never chosen (free space at or below the reserve)",
                        "a1:A:0 b1:B:5 c1:C:6", 1, 3, "", "", -1, "-", 5,
                        "c1"),
                new Case("a pin of known size skips peers without room for it plus the reserve",
                        "a1:A:100 b1:B:12 c1:C:11.9", 1, 3, "", "", 10, "-", 2,
                        "a1 b1"),
                new Case("pending bytes count against free space and rank",
                        "a1:A:100 a2:A:60 b1:B:50", 1, 1, "", "", -1, "a1=70", 0,
                        "a2"),
                new Case("pending bytes can make a peer full",
                        "a1:A:100 b1:B:50", 1, 2, "", "", 10, "a1=95", 0,
                        "b1"),
                new Case("needed <= 0 keeps the current list unchanged, dead peers included",
                        "a1:A:100 b1:B:90 c1:C:500 d1:D:1x", 2, 3, "d1 b1 a1", "", -1, "-", 0,
                        "d1 b1 a1"),
                new Case("valid current allocations are kept and the rest is topped up elsewhere",
                        "a1:A:500 a2:A:400 b1:B:10 c1:C:20", 3, 3, "a1", "", -1, "-", 0,
                        "a1 c1 b1"),
                new Case("dead current allocations are dropped when reallocating",
                        "a1:A:100 b1:B:90x c1:C:80 d1:D:70", 3, 3, "b1 a1", "", -1, "-", 0,
                        "a1 c1 d1"),
                new Case("over max: the first max valid current peers are kept",
                        "a1:A:100 b1:B:90 c1:C:80 d1:D:70", 1, 2, "d1 c1 b1 a1", "", -1, "-", 0,
                        "d1 c1"),
                new Case("between min and max is enough: fewer candidates than max still succeed",
                        "a1:A:100 b1:B:90", 2, 5, "", "", -1, "-", 0,
                        "a1 b1"),
                new Case("fewer candidates than min: ipfs-cluster's error",
                        "a1:A:100 b1:B:90x c1:C:0", 2, 3, "", "", -1, "-", 0,
                        "ERROR 2 3 1"),
                new Case("the error counts what is still needed after the valid current peers",
                        "a1:A:100 b1:B:90 c1:C:80", 5, 6, "a1", "", -1, "-", 0,
                        "ERROR 4 5 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void allocates(Case c) {
        BalancedAllocator allocator = new BalancedAllocator(
                AllocatorConfig.DEFAULT.withReserveBytes((long) (c.reserveGb() * GB)));
        AllocationRequest request = new AllocationRequest(CID, c.min(), c.max(), Fleet.peers(c.current()),
                Fleet.peers(c.user()), Fleet.of(c.fleet()).snapshot(),
                c.sizeGb() < 0 ? AllocationRequest.UNKNOWN_SIZE : (long) (c.sizeGb() * GB), pending(c.pending()));
        if (c.expected().startsWith("ERROR")) {
            String[] n = c.expected().split(" ");
            assertThatThrownBy(() -> allocator.allocate(request))
                    .isInstanceOf(ClusterException.class)
                    .hasMessage("not enough peers to allocate CID. Needed at least: " + n[1] + ". Wanted at most: "
                            + n[2] + ". Available candidates: " + n[3] + ". See logs for more info.")
                    .extracting(e -> ((ClusterException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        } else {
            assertThat(allocator.allocate(request)).containsExactlyElementsOf(Fleet.peers(c.expected()));
        }
    }

    private static Map<PeerId, Long> pending(String spec) {
        Map<PeerId, Long> pending = new HashMap<>();
        if (!spec.equals("-")) {
            for (String entry : spec.split("\\s+")) {
                String[] kv = entry.split("=");
                pending.put(Fleet.peer(kv[0]), (long) (Double.parseDouble(kv[1]) * GB));
            }
        }
        return pending;
    }
}
