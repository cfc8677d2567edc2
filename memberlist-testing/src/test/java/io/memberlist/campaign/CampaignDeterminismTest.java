package io.memberlist.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A seed is the whole story: two runs of one seed are the same run, event for event. */
class CampaignDeterminismTest {
    @Test
    void oneSeedReplaysEventForEvent() {
        CampaignRun a = new CampaignRun(12, 2000, 0);
        CampaignRun b = new CampaignRun(12, 2000, 50); // a kept trace must not change the run
        SeedResult ra = a.run();
        SeedResult rb = b.run();
        assertThat(ra.passed()).isTrue();
        assertThat(a.sim().traceHash()).isEqualTo(b.sim().traceHash());
        assertThat(ra.virtualNanos()).isEqualTo(rb.virtualNanos());
        assertThat(ra.figures().toString()).isEqualTo(rb.figures().toString());
        assertThat(b.sim().traceLines()).hasSize(50);
        CampaignRun other = new CampaignRun(13, 2000, 0);
        other.run();
        assertThat(other.sim().traceHash()).isNotEqualTo(a.sim().traceHash());
    }
}
