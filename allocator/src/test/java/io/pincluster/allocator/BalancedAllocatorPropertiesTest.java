package io.pincluster.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.metric.MetricsSnapshot;
import io.pincluster.core.peer.PeerId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Invariants over random fleets: some peers expired, some missing a metric, some full, random
 * pending bytes, reserve, pin size, replication, current and preferred peers. Each invariant is
 * checked against facts recomputed here from the raw metrics, not against the allocator's internals.
 */
class BalancedAllocatorPropertiesTest {
    private static final int PEER_NAMES = 60;

    record Scenario(List<Metric> metrics, AllocatorConfig config, AllocationRequest request, long seed) {
        @Override
        public String toString() {
            return "Scenario(seed " + seed + ", min " + request.replicationMin() + ", max " + request.replicationMax()
                    + ", peers " + request.metrics().size() + ", current " + request.current().size() + ", user "
                    + request.userAllocations().size() + ", size " + request.dagSize() + ")";
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.longs().map(BalancedAllocatorPropertiesTest::scenario);
    }

    static Scenario scenario(long seed) {
        Random rnd = new Random(seed);
        int zones = 1 + rnd.nextInt(6);
        int peers = rnd.nextInt(40);
        List<Metric> metrics = new ArrayList<>();
        Map<PeerId, Long> pending = new HashMap<>();
        List<PeerId> known = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            PeerId p = Fleet.peer("p" + rnd.nextInt(PEER_NAMES));
            known.add(p);
            boolean expired = rnd.nextInt(10) == 0;
            Long free = rnd.nextInt(20) == 0 ? null : (rnd.nextInt(8) == 0 ? 0L : (long) rnd.nextInt(1000) * Fleet.GB);
            String zone = rnd.nextInt(20) == 0 ? "-" : "z" + rnd.nextInt(zones);
            metrics.addAll(metricsOf(p, zone, free, expired));
            if (rnd.nextInt(4) == 0) {
                pending.put(p, (long) rnd.nextInt(300) * Fleet.GB);
            }
        }
        int min = 1 + rnd.nextInt(6);
        int max = min + rnd.nextInt(4);
        if (rnd.nextInt(15) == 0) {
            min = -1;
            max = -1;
        }
        List<PeerId> current = randomPeers(rnd, known, rnd.nextInt(3) == 0 ? rnd.nextInt(6) : 0);
        List<PeerId> user = randomPeers(rnd, known, rnd.nextInt(4) == 0 ? rnd.nextInt(4) : 0);
        long size = rnd.nextBoolean() ? AllocationRequest.UNKNOWN_SIZE : (long) rnd.nextInt(400) * Fleet.GB;
        AllocatorConfig config = AllocatorConfig.DEFAULT.withReserveBytes(rnd.nextInt(3) * 10 * Fleet.GB);
        MetricsSnapshot snapshot = MetricsSnapshot.validAt(Fleet.NOW, metrics);
        AllocationRequest request = new AllocationRequest(BalancedAllocatorTableTest.CID, min, max, current, user,
                snapshot, size, pending);
        return new Scenario(metrics, config, request, seed);
    }

    private static List<Metric> metricsOf(PeerId p, String zone, Long free, boolean expired) {
        java.time.Instant expire = expired ? Fleet.NOW.minusSeconds(1) : Fleet.NOW.plusSeconds(30);
        List<Metric> out = new ArrayList<>();
        if (!zone.equals("-")) {
            out.add(Metric.tag(p, "zone", zone, expire));
        }
        if (free != null) {
            out.add(Metric.freeSpace(p, free, expire));
        }
        return out;
    }

    private static List<PeerId> randomPeers(Random rnd, List<PeerId> known, int n) {
        List<PeerId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Mostly known peers, sometimes one that published nothing, sometimes a repeat.
            out.add(known.isEmpty() || rnd.nextInt(8) == 0 ? Fleet.peer("gone" + rnd.nextInt(3))
                    : known.get(rnd.nextInt(known.size())));
        }
        return out;
    }

    /** Facts recomputed from the raw snapshot, independent of the allocator. */
    record Facts(Set<PeerId> qualified, Set<PeerId> validCurrent, Set<PeerId> roomy, Map<PeerId, String> zone) {
        static Facts of(Scenario s) {
            AllocationRequest r = s.request();
            Set<PeerId> qualified = new HashSet<>();
            Set<PeerId> roomy = new HashSet<>();
            Map<PeerId, String> zone = new HashMap<>();
            r.metrics().byPeer().forEach((peer, names) -> {
                Metric tag = names.get(MetricNames.ZONE);
                Metric free = names.get(MetricNames.FREESPACE);
                if (tag != null && free != null) {
                    qualified.add(peer);
                    zone.put(peer, tag.value());
                    long usable = free.weight() - r.pendingBytes().getOrDefault(peer, 0L) - s.config().reserveBytes();
                    if (usable > 0 && (r.dagSize() < 0 || usable >= r.dagSize())) {
                        roomy.add(peer);
                    }
                }
            });
            Set<PeerId> validCurrent = new LinkedHashSet<>(r.current());
            validCurrent.retainAll(qualified);
            return new Facts(qualified, validCurrent, roomy, zone);
        }

        int newCandidates() {
            Set<PeerId> pool = new HashSet<>(roomy);
            pool.removeAll(validCurrent);
            return pool.size();
        }
    }

    @Property(tries = 2000)
    @StatisticsReport(format = Histogram.class)
    void invariantsHold(@ForAll("scenarios") Scenario s) {
        invariants(s);
        // Guard against a generator that only ever exercises one branch.
        Statistics.coverage(c -> {
            c.check("error").percentage(p -> p > 5);
            c.check("reallocated").percentage(p -> p > 30);
            c.check("kept").percentage(p -> p > 2);
            c.check("everywhere").percentage(p -> p > 1);
        });
    }

    private static void invariants(Scenario s) {
        AllocationRequest r = s.request();
        Facts facts = Facts.of(s);
        BalancedAllocator allocator = new BalancedAllocator(s.config());
        List<PeerId> result;
        try {
            result = allocator.allocate(r);
        } catch (ClusterException e) {
            Statistics.collect("error");
            // The error only when valid current peers plus new candidates with room cannot reach min.
            assertThat(r.everywhere()).isFalse();
            assertThat(facts.validCurrent().size() + facts.newCandidates()).isLessThan(r.replicationMin());
            assertThat(e.getMessage()).startsWith("not enough peers to allocate CID. Needed at least: "
                    + (r.replicationMin() - facts.validCurrent().size()) + ". Wanted at most: "
                    + (r.replicationMax() - facts.validCurrent().size()) + ". Available candidates: "
                    + facts.newCandidates() + ".");
            return;
        }
        if (r.everywhere()) {
            Statistics.collect("everywhere");
            assertThat(result).isEmpty();
            return;
        }
        assertThat(result).doesNotHaveDuplicates();
        assertThat(result.size()).isLessThanOrEqualTo(r.replicationMax());
        assertThat(result.size()).isGreaterThanOrEqualTo(r.replicationMin());
        Set<PeerId> fresh = new HashSet<>(result);
        fresh.removeAll(r.current());
        // Every new peer had all allocate_by metrics valid and room for the pin.
        assertThat(facts.roomy()).containsAll(fresh);
        boolean reallocated = facts.validCurrent().size() < r.replicationMin();
        Statistics.collect(reallocated ? "reallocated" : "kept");
        if (reallocated) {
            // Kept peers are exactly the valid current ones, first and in order.
            assertThat(result.subList(0, facts.validCurrent().size()))
                    .containsExactlyElementsOf(facts.validCurrent());
            assertThat(facts.qualified()).containsAll(result);
            // Fewer than max only when candidates ran out.
            if (result.size() < r.replicationMax()) {
                assertThat(result.size()).isEqualTo(facts.validCurrent().size() + facts.newCandidates());
            }
            if (r.userAllocations().isEmpty()) {
                assertSpreadsOverZones(facts, result);
            }
        } else {
            assertThat(new HashSet<>(r.current())).containsAll(result);
        }
    }

    /** The new copies cover every zone not yet holding one before any zone gets a second copy. */
    private static void assertSpreadsOverZones(Facts facts, List<PeerId> result) {
        Set<String> keptZones = new HashSet<>();
        for (PeerId p : facts.validCurrent()) {
            keptZones.add(facts.zone().get(p));
        }
        Set<String> reachable = new HashSet<>(keptZones);
        for (PeerId p : facts.roomy()) {
            if (!facts.validCurrent().contains(p)) {
                reachable.add(facts.zone().get(p));
            }
        }
        Set<String> spanned = new HashSet<>();
        for (PeerId p : result) {
            spanned.add(facts.zone().get(p));
        }
        int picks = result.size() - facts.validCurrent().size();
        assertThat(spanned.size()).isGreaterThanOrEqualTo(Math.min(reachable.size(), keptZones.size() + picks));
    }

    /**
     * The allocator digests a snapshot once; a second request on the same snapshot must not see the
     * first one's pending bytes.
     */
    @Property(tries = 500)
    void reusingADigestedSnapshotGivesTheSameAnswer(@ForAll("scenarios") Scenario s) {
        BalancedAllocator warm = new BalancedAllocator(s.config());
        AllocationRequest other = s.request().withPendingBytes(Map.of(Fleet.peer("p1"), 500 * Fleet.GB))
                .withCurrent(List.of()).withDagSize(AllocationRequest.UNKNOWN_SIZE);
        outcome(warm, other);
        assertThat(outcome(warm, s.request())).isEqualTo(outcome(new BalancedAllocator(s.config()), s.request()));
        assertThat(outcome(warm, other)).isEqualTo(outcome(new BalancedAllocator(s.config()), other));
    }

    private static Object outcome(BalancedAllocator allocator, AllocationRequest request) {
        try {
            return allocator.allocate(request);
        } catch (ClusterException e) {
            return e.getMessage();
        }
    }

    @Property(tries = 300)
    void sameAnswerWhateverOrderTheMetricsArrivedIn(@ForAll("scenarios") Scenario s) {
        BalancedAllocator allocator = new BalancedAllocator(s.config());
        List<Metric> shuffled = new ArrayList<>(s.metrics());
        Collections.shuffle(shuffled, new Random(s.seed()));
        AllocationRequest again = new AllocationRequest(s.request().cid(), s.request().replicationMin(),
                s.request().replicationMax(), s.request().current(), s.request().userAllocations(),
                MetricsSnapshot.validAt(Fleet.NOW, shuffled), s.request().dagSize(), s.request().pendingBytes());
        Object first;
        Object second;
        try {
            first = allocator.allocate(s.request());
        } catch (ClusterException e) {
            first = e.getMessage();
        }
        try {
            second = allocator.allocate(again);
        } catch (ClusterException e) {
            second = e.getMessage();
        }
        assertThat(second).isEqualTo(first);
    }
}
