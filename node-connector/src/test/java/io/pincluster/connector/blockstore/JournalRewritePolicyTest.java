package io.pincluster.connector.blockstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the pin journal is rewritten: dead records, records out of order when quiet and while busy, a failed try. */
class JournalRewritePolicyTest {
    private static final int MIN = JournalRewritePolicy.MIN_RECORDS;

    private static List<Cid> ascending(int n) {
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cids.add(Cid.v1(Codec.RAW, Multihash.sha256(("policy " + i).getBytes(StandardCharsets.UTF_8))));
        }
        cids.sort(null);
        return cids;
    }

    @Test
    void recordsInOrderNeverAskForASort() {
        JournalRewritePolicy p = new JournalRewritePolicy();
        ascending(3 * MIN).forEach(p::appended);
        assertThat(p.unsorted()).isZero();
        assertThat(p.sortWhenQuiet()).isFalse();
        assertThat(p.sortWhileBusy(3 * MIN)).isFalse();
        assertThat(p.deadOutnumberLive(3 * MIN)).isFalse();
        assertThat(p.deadOutnumberLive(MIN)).as("three records per live pin").isTrue();
    }

    @Test
    void recordsOutOfOrderAreSortedWhenQuietAndWhileBusyOnlyAsTheSetGrows() {
        List<Cid> cids = ascending(4 * MIN);
        JournalRewritePolicy p = new JournalRewritePolicy();
        cids.subList(0, 2 * MIN).forEach(p::replayed); // a sorted journal of 2 * MIN pins at open
        for (int i = 4 * MIN - 1; i >= 3 * MIN; i--) { // then MIN appended in descending order
            p.appended(cids.get(i));
        }
        assertThat(p.unsorted()).isEqualTo(MIN - 1);
        assertThat(p.sortWhenQuiet()).isFalse();
        p.appended(cids.get(2 * MIN)); // below the last one: the MIN-th record out of order
        assertThat(p.sortWhenQuiet()).isTrue();
        assertThat(p.sortWhileBusy(3 * MIN + 1)).as("grown by a third, not by half").isFalse();
        assertThat(p.sortWhileBusy(2 * MIN)).isTrue();
        p.rewritten(3 * MIN + 1);
        assertThat(p.sortWhenQuiet()).isFalse();
        assertThat(p.unsorted()).isZero();
    }

    @Test
    void nearlyOrderedGrowthWaitsForAQuietTime() {
        List<Cid> cids = ascending(10 * MIN);
        JournalRewritePolicy p = new JournalRewritePolicy();
        for (int i = 0; i < cids.size(); i += 2) { // pairs swapped: every other record out of order
            p.appended(cids.get(i + 1));
            p.appended(cids.get(i));
        }
        assertThat(p.sortWhileBusy(10 * MIN)).as("half the growth out of order").isTrue();
        JournalRewritePolicy nearly = new JournalRewritePolicy();
        for (int i = 0; i < cids.size(); i++) { // against one record in eight
            nearly.appended(i % 8 == 7 ? cids.get(i - 7) : cids.get(i));
        }
        assertThat(nearly.sortWhenQuiet()).isTrue();
        assertThat(nearly.sortWhileBusy(10 * MIN)).as("an eighth out of order: left for a quiet time").isFalse();
    }

    @Test
    void aFailedRewriteWaitsForMoreRecords() {
        List<Cid> cids = ascending(3 * MIN);
        JournalRewritePolicy p = new JournalRewritePolicy();
        for (int i = cids.size() - 1; i >= 0; i--) {
            p.appended(cids.get(i));
        }
        assertThat(p.sortWhenQuiet()).isTrue();
        p.rewriteFailed();
        assertThat(p.sortWhenQuiet()).isFalse();
        assertThat(p.deadOutnumberLive(1)).isFalse();
        cids.subList(0, MIN).forEach(p::appended);
        assertThat(p.sortWhenQuiet()).isTrue();
    }
}
