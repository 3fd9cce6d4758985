package io.pincluster.allocator;

import io.pincluster.core.peer.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The balanced ordering: picks {@code count} peers from a pool by walking the {@code allocate_by}
 * levels as ipfs-cluster's balanced allocator does, with two deliberate changes (see
 * {@link BalancedAllocator}): groups are ranked by the free space of the peers that would actually
 * receive copies, and the round-robin starts from the copies the pin already has.
 *
 * <p>At a tag level peers with the same value form a group; picks go round-robin over the groups, each
 * pick to the group with the fewest copies so far (ties: the better-ranked group), and inside a group
 * the walk continues with the next level. At any other level every peer stands alone and peers are
 * taken best weight first, later levels' weights breaking ties, then peer ID.
 */
final class PartitionWalk {
    private final Levels levels;
    /** Per level, the order of peers standing alone from that level down. */
    private final List<Comparator<Candidate>> singleOrder;

    PartitionWalk(Levels levels) {
        this.levels = levels;
        List<Comparator<Candidate>> orders = new ArrayList<>();
        for (int level = 0; level <= levels.count(); level++) {
            orders.add(singlesFrom(level));
        }
        this.singleOrder = List.copyOf(orders);
    }

    /**
     * Up to {@code count} peers of {@code pool}, best first.
     *
     * @param placed candidates that already hold or were just given a copy: they count towards their
     *               groups' share so the new copies go to other groups first
     */
    List<PeerId> pick(PreparedMetrics prepared, List<Candidate> pool, List<Candidate> placed, int count) {
        List<PeerId> out = new ArrayList<>(Math.min(count, pool.size()));
        pick(prepared, 0, pool, placed, count, out);
        return out;
    }

    private void pick(PreparedMetrics prepared, int level, List<Candidate> members, List<Candidate> placed,
                      int count, List<PeerId> out) {
        if (count <= 0 || members.isEmpty()) {
            return;
        }
        if (level < levels.count() && levels.grouping(level)) {
            pickFromGroups(prepared, level, members, placed, count, out);
        } else {
            for (Candidate c : best(members, count, singleOrder.get(level))) {
                out.add(c.peer);
            }
        }
    }

    private void pickFromGroups(PreparedMetrics prepared, int level, List<Candidate> members,
                                List<Candidate> placed, int count, List<PeerId> out) {
        Group[] byId = new Group[prepared.distinctValues[level]];
        int distinct = 0;
        for (Candidate c : members) {
            Group g = byId[c.groupIds[level]];
            if (g == null) {
                g = new Group(c.values[level]);
                byId[c.groupIds[level]] = g;
                distinct++;
            }
            g.members.add(c);
        }
        if (distinct == 1) {
            pick(prepared, level + 1, members, placed, count, out);
            return;
        }
        Group[] groups = new Group[distinct];
        int n = 0;
        for (Group g : byId) {
            if (g != null) {
                groups[n++] = g;
            }
        }
        int share = (count + groups.length - 1) / groups.length;
        for (Group g : groups) {
            g.rank(share);
        }
        Arrays.sort(groups, Group.ORDER);
        for (Candidate c : placed) {
            Group g = byId[c.groupIds[level]];
            if (g != null) {
                g.placed.add(c);
            }
        }
        int[] sequence = distribute(groups, count);
        List<List<PeerId>> picks = new ArrayList<>(groups.length);
        for (Group g : groups) {
            List<PeerId> mine = new ArrayList<>(g.quota);
            pick(prepared, level + 1, g.members, g.placed, g.quota, mine);
            picks.add(mine);
        }
        int[] next = new int[groups.length];
        for (int gi : sequence) {
            List<PeerId> mine = picks.get(gi);
            if (next[gi] < mine.size()) {
                out.add(mine.get(next[gi]++));
            }
        }
    }

    /** Hands out {@code count} picks, each to the group with the fewest copies so far; returns the order. */
    private static int[] distribute(Group[] groups, int count) {
        int[] copies = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            copies[i] = groups[i].placed.size();
        }
        int[] sequence = new int[count];
        int n = 0;
        while (n < count) {
            int chosen = -1;
            for (int i = 0; i < groups.length; i++) {
                if (groups[i].quota < groups[i].members.size() && (chosen < 0 || copies[i] < copies[chosen])) {
                    chosen = i;
                }
            }
            if (chosen < 0) {
                break;
            }
            groups[chosen].quota++;
            copies[chosen]++;
            sequence[n++] = chosen;
        }
        return Arrays.copyOf(sequence, n);
    }

    /** The best {@code count} of {@code members} in {@code order}, without sorting the whole list. */
    static List<Candidate> best(List<Candidate> members, int count, Comparator<Candidate> order) {
        if (count >= members.size() / 4) {
            List<Candidate> all = new ArrayList<>(members);
            all.sort(order);
            return all.size() > count ? all.subList(0, count) : all;
        }
        Candidate[] top = new Candidate[count];
        int n = 0;
        for (Candidate c : members) {
            if (n == count && order.compare(c, top[n - 1]) >= 0) {
                continue;
            }
            int i = n == count ? n - 1 : n++;
            while (i > 0 && order.compare(c, top[i - 1]) < 0) {
                top[i] = top[i - 1];
                i--;
            }
            top[i] = c;
        }
        return Arrays.asList(top).subList(0, n);
    }

    /** Weights of the non-tag levels from {@code level} on, each descending, then peer ID ascending. */
    private Comparator<Candidate> singlesFrom(int level) {
        int[] ranked = java.util.stream.IntStream.range(level, levels.count()).filter(i -> !levels.grouping(i))
                .toArray();
        return (a, b) -> {
            for (int i : ranked) {
                int byWeight = Long.compare(b.weights[i], a.weights[i]);
                if (byWeight != 0) {
                    return byWeight;
                }
            }
            return a.peer.compareTo(b.peer);
        };
    }

    /** Peers sharing one tag value. */
    private static final class Group {
        static final Comparator<Group> ORDER = Comparator.comparingLong((Group g) -> g.usable).reversed()
                .thenComparing(Comparator.comparingLong((Group g) -> g.total).reversed())
                .thenComparing(g -> g.value);

        final String value;
        final List<Candidate> members = new ArrayList<>();
        final List<Candidate> placed = new ArrayList<>();
        /** Capacity of every member: ipfs-cluster's aggregated weight. */
        long total;
        /** Capacity of the {@code share} best members: the peers that could receive this pin's copies. */
        long usable;
        int quota;

        Group(String value) {
            this.value = value;
        }

        void rank(int share) {
            long[] top = new long[Math.min(share, members.size())];
            int n = 0;
            for (Candidate c : members) {
                total = Saturating.add(total, c.capacity);
                long v = c.capacity;
                if (n < top.length) {
                    top[n++] = v;
                    continue;
                }
                // top is kept unsorted; replace its smallest entry when v beats it.
                int min = 0;
                for (int i = 1; i < n; i++) {
                    if (top[i] < top[min]) {
                        min = i;
                    }
                }
                if (v > top[min]) {
                    top[min] = v;
                }
            }
            usable = 0;
            for (int i = 0; i < n; i++) {
                usable = Saturating.add(usable, top[i]);
            }
        }
    }
}
