package io.memberlist.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EpidemicModelTest {
    @Test
    void theShareInformedOnlyGrowsAndEndsAtTheFinalSizeOfTheEpidemic() {
        int limit = 4;
        double[] informed = new EpidemicModel(100_000, 3, limit, 20).informed(60);
        for (int i = 1; i < informed.length; i++) {
            assertThat(informed[i]).isGreaterThanOrEqualTo(informed[i - 1]);
        }
        double never = EpidemicModel.neverInformed(limit);
        assertThat(never).isBetween(0.01, 0.03); // s = exp(-4 (1 - s)): 0.0198...
        assertThat(1 - informed[informed.length - 1]).isCloseTo(never, within(0.002));
    }

    @Test
    void withAGenerousLimitEveryoneIsInformedInLogarithmicTime() {
        double[] small = new EpidemicModel(1_000, 3, 40, 20).informed(40);
        double[] big = new EpidemicModel(1_000_000, 3, 40, 20).informed(40);
        double tSmall = EpidemicModel.periodsTo(small, 20, 0.99);
        double tBig = EpidemicModel.periodsTo(big, 20, 0.99);
        assertThat(tSmall).isBetween(2.0, 8.0);
        // 1,000 times the members: a few periods more, not 1,000 times as many
        assertThat(tBig - tSmall).isBetween(2.0, 8.0);
    }

    @Test
    void theRetransmitLimitIsGos() {
        assertThat(EpidemicModel.retransmitLimit(4, 1000)).isEqualTo(16);
        assertThat(EpidemicModel.retransmitLimit(4, 33)).isEqualTo(8);
        assertThat(EpidemicModel.retransmitLimit(2, 9)).isEqualTo(2);
    }
}
