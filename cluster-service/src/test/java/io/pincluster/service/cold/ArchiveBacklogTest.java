package io.pincluster.service.cold;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.cold.ArchivePolicy;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The archive backlog gauge (decision 0021): pins the policy wants and the scheduler would archive (not direct ones)
 * that the index lacks, counted at most once per refresh interval.
 */
class ArchiveBacklogTest {
    private static final Instant START = Instant.parse("2026-12-04T22:00:00Z");
    private final PinSetState pinset = new PinSetState();
    private final ArchiveIndex index = new ArchiveIndex();
    private final ManualClock clock = new ManualClock(START);

    private static Cid cid(int i) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("backlog " + i).getBytes(StandardCharsets.UTF_8)));
    }

    private void pin(int i, boolean archive, PinMode mode) {
        PinOptions o = new PinOptions(0, 0, "", mode, 0, List.of(), null,
                archive ? Map.of(ArchivePolicy.OPTION_KEY, "true") : Map.of(), null, List.of());
        pinset.apply(new PinOp.AddPin(new Pin(cid(i), o, null, List.of(), null, START)));
    }

    private void archived(int i) {
        index.put(new ArchiveEntry(cid(i), "archives/" + cid(i) + "/" + "a".repeat(64) + ".car", "a".repeat(64), 1,
                "baga6ea4seaq-test", START));
    }

    @Test
    void countsWantedPinsWithoutAnArchiveAndRecountsOncePerRefresh() {
        pin(1, true, PinMode.RECURSIVE);
        pin(2, true, PinMode.RECURSIVE);
        pin(3, true, PinMode.RECURSIVE);
        pin(4, false, PinMode.RECURSIVE); // not asking for an archive
        pin(5, true, PinMode.DIRECT); // never archived: a CAR needs the whole DAG
        archived(3);
        ArchiveBacklog option = new ArchiveBacklog(pinset, index, ArchivePolicy.OPTION, Duration.ofSeconds(10), clock);
        ArchiveBacklog all = new ArchiveBacklog(pinset, index, ArchivePolicy.ALL, Duration.ofSeconds(10), clock);

        assertThat(option.pins()).isEqualTo(2);
        assertThat(all.pins()).isEqualTo(3);

        archived(1);
        clock.advance(Duration.ofSeconds(9));
        assertThat(option.pins()).as("the last count until the refresh interval passed").isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(option.pins()).isEqualTo(1);
        assertThat(new ArchiveBacklog(pinset, index, ArchivePolicy.NONE, Duration.ofSeconds(10), clock).pins())
                .isZero();
    }
}
