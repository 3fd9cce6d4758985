package io.pincluster.it.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.it.cluster.RestClient;
import io.pincluster.it.cluster.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks of what a process peer holds on disk against what is allocated to it: before an outage (its pinned pins
 * have block files) and after it came back (exactly its allocations, the rest garbage-collected).
 */
final class PeerHoldings {
    private PeerHoldings() {
    }

    /** The premise of the disk checks below: a peer's pinned pins do have block files where {@link PeerDisk} looks. */
    static void assertBlocksOnDisk(TestCluster c, CopyCensus census, List<String> cids, Set<Integer> live,
                                   int peer) {
        PeerDisk disk = new PeerDisk(c.peer(peer).dir());
        List<String> pinnedThere = census.readFromAnyLive(cids, live).values().stream()
                .filter(p -> p.pinnedOnLive().contains(peer)).map(PinCopies::cid).toList();
        assertThat(pinnedThere).as("pins pinned on peer-%d", peer).isNotEmpty();
        assertThat(pinnedThere).as("pins pinned on peer-%d have their block file in its store", peer)
                .allMatch(disk::holdsBlock);
    }

    /**
     * Waits until {@code peer}, back after an outage, holds exactly what is allocated to it: every such pin pinned there,
     * and, after a local garbage collection, no block file of any other pin.
     */
    static void awaitHoldsOnlyItsAllocations(TestCluster c, CopyCensus census, List<String> cids,
                                             Set<Integer> live, int peer) {
        PeerDisk disk = new PeerDisk(c.peer(peer).dir());
        RestClient client = c.peer(peer).client();
        await("peer-" + peer + ", back, holds only what is allocated to it").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                    RestClient.Answer gc = client.post("/ipfs/gc?local=true");
                    assertThat(gc.ok()).as("POST /ipfs/gc?local=true on peer-%d: %s", peer, gc.body()).isTrue();
                    List<String> extra = new ArrayList<>();
                    List<String> missing = new ArrayList<>();
                    for (PinCopies p : census.readFromAnyLive(cids, live).values()) {
                        boolean allocated = p.allocatedTo().contains(peer);
                        if (!allocated && disk.holdsBlock(p.cid())) {
                            extra.add(p.cid());
                        } else if (allocated && !(p.pinnedOnLive().contains(peer) && disk.holdsBlock(p.cid()))) {
                            missing.add(p.cid());
                        }
                    }
                    if (!extra.isEmpty() || !missing.isEmpty()) {
                        throw new AssertionError("peer-" + peer + ", back after its pins were repaired "
                                + "elsewhere, still has on disk the blocks of " + extra.size()
                                + " pins not allocated to it " + extra.subList(0, Math.min(3, extra.size()))
                                + " and does not hold " + missing.size() + " pins allocated to it "
                                + missing.subList(0, Math.min(3, missing.size())));
                    }
                });
    }
}
