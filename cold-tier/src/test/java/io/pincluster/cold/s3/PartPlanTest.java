package io.pincluster.cold.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cutting objects into parts within S3's limits: 5 MiB minimum (but the last), 10,000 parts, 5 TiB. */
class PartPlanTest {
    private static final long MIB = S3StoreConfig.MIB;
    private static final long GIB = 1024 * MIB;

    @Test
    void partsOfTheConfiguredSizeAndAShortLastOne() {
        PartPlan plan = PartPlan.of(4 * 5 * MIB + 123_457, 5 * MIB);

        assertThat(plan.partCount()).isEqualTo(5);
        assertThat(plan.offset(1)).isZero();
        assertThat(plan.length(1)).isEqualTo(5 * MIB);
        assertThat(plan.offset(5)).isEqualTo(20 * MIB);
        assertThat(plan.length(5)).isEqualTo(123_457);
        assertThatThrownBy(() -> plan.length(6)).hasMessageContaining("not one of 1..5");
    }

    @Test
    void anExactMultipleHasNoShortPart() {
        PartPlan plan = PartPlan.of(32 * MIB, 16 * MIB);
        assertThat(plan.partCount()).isEqualTo(2);
        assertThat(plan.length(2)).isEqualTo(16 * MIB);
    }

    @Test
    void theLargestPieceNeedsBiggerPartsThanTheMinimum() {
        // 64 GiB / 10,000 = 6.55 MiB: 5 MiB parts would need 13,108 of them.
        PartPlan plan = PartPlan.of(64 * GIB, 5 * MIB);
        assertThat(plan.partSize()).isEqualTo(7 * MIB);
        assertThat(plan.partCount()).isEqualTo(9363);
    }

    @Test
    void theConfiguredSizeWinsWhenItIsBigEnough() {
        assertThat(PartPlan.of(64 * GIB, 16 * MIB).partCount()).isEqualTo(4096);
    }

    @Test
    void over5TiBIsRefused() {
        assertThat(PartPlan.of(PartPlan.MAX_OBJECT_SIZE, 5 * MIB).partCount()).isLessThanOrEqualTo(10_000);
        assertThatThrownBy(() -> PartPlan.of(PartPlan.MAX_OBJECT_SIZE + 1, 5 * MIB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over the 5 TiB");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 5 * 1024 * 1024 - 1, 5 * 1024 * 1024, 5 * 1024 * 1024 + 1, 49_999_999_999L,
            52_428_800_001L, 1_099_511_627_776L, 5_497_558_138_880L})
    void everyPlanCoversTheObjectWithinTheLimits(long size) {
        PartPlan plan = PartPlan.of(size, 5 * MIB);
        long total = 0;
        for (int n = 1; n <= plan.partCount(); n++) {
            assertThat(plan.offset(n)).isEqualTo(total);
            if (n < plan.partCount()) {
                assertThat(plan.length(n)).isEqualTo(plan.partSize()).isGreaterThanOrEqualTo(5 * MIB);
            }
            total += plan.length(n);
        }
        assertThat(total).isEqualTo(size);
        assertThat(plan.partCount()).isBetween(1, 10_000);
        assertThat(plan.partSize()).isLessThanOrEqualTo(S3StoreConfig.MAX_PART_SIZE);
    }
}
