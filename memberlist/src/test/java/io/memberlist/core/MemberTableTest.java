package io.memberlist.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.MemberState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MemberTableTest {

    private static MemberTable table(int n, long seed) {
        MemberTable t = new MemberTable(new SplittableRandom(seed));
        for (int i = 0; i < n; i++) {
            NodeState s = new NodeState("n" + i, new byte[] {10, 0, 0, (byte) i}, 7946, null,
                    MemberState.ALIVE);
            t.add(s);
        }
        return t;
    }

    @Test
    void randomNodesIsUniformAndDistinct() {
        MemberTable t = table(20, 7);
        Map<String, Integer> counts = new HashMap<>();
        int calls = 60_000;
        for (int c = 0; c < calls; c++) {
            List<NodeState> picked = t.randomNodes(3, n -> !n.name.equals("n0"));
            assertThat(picked).hasSize(3).doesNotHaveDuplicates();
            for (NodeState p : picked) {
                counts.merge(p.name, 1, Integer::sum);
            }
            if (c % 1000 == 0) {
                t.reapAndShuffle(0, Long.MAX_VALUE);
            }
        }
        assertThat(counts).doesNotContainKey("n0").hasSize(19);
        double expected = calls * 3 / 19.0;
        for (int v : counts.values()) {
            assertThat((double) v).isBetween(expected * 0.95, expected * 1.05);
        }
    }

    @Test
    void probeOrderVisitsEveryLiveMemberOncePerRound() {
        MemberTable t = table(10, 3);
        t.get("n4").state = MemberState.DEAD;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 8 * 5; i++) {
            counts.merge(t.nextProbeTarget("n0", 0, Long.MAX_VALUE).name, 1, Integer::sum);
        }
        assertThat(counts).hasSize(8).allSatisfy((k, v) -> assertThat(v).isEqualTo(5));
    }

    @Test
    void reapRemovesOnlyOldDeadAndLeft() {
        MemberTable t = table(5, 1);
        t.get("n1").state = MemberState.DEAD;
        t.get("n1").stateChange = 0;
        t.get("n2").state = MemberState.LEFT;
        t.get("n2").stateChange = 0;
        t.get("n3").state = MemberState.DEAD;
        t.get("n3").stateChange = 90;
        t.reapAndShuffle(100, 50);
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.get("n1")).isNull();
        assertThat(t.get("n2")).isNull();
        assertThat(t.get("n3")).isNotNull();
    }
}
