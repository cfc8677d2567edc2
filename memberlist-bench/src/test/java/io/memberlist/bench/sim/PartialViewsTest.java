package io.memberlist.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.AliveDelegate;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.VetoException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PartialViewsTest {
    private static Member member(int i) {
        return new Member("node-" + i, new byte[] {10, 0, 0, 1}, 7946, null, MemberState.ALIVE, 1, 1, 5, 2, 0, 0, 0);
    }

    @Test
    void viewsHoldDistinctOtherNodes() {
        PartialViews v = new PartialViews(500, 32, 7, 0);
        for (int i = 0; i < 500; i++) {
            int[] view = v.view(i);
            assertThat(view).hasSize(32).doesNotContain(i);
            assertThat(Arrays.stream(view).distinct().count()).isEqualTo(32);
        }
    }

    @Test
    void theFilterLetsThroughTheViewItselfAndTheSharedNamesOnly() {
        PartialViews v = new PartialViews(500, 8, 7, 0);
        AliveDelegate f = v.filter(3);
        int inside = v.view(3)[0];
        int outside = 0;
        while (outside == 0 || outside == 3 || Arrays.binarySearch(v.view(3), outside) >= 0) {
            outside++;
        }
        int out = outside;
        assertThatCode(() -> f.notifyAlive(member(inside))).doesNotThrowAnyException();
        assertThatCode(() -> f.notifyAlive(member(3))).doesNotThrowAnyException();
        assertThatCode(() -> f.notifyAlive(member(0))).doesNotThrowAnyException();
        assertThatThrownBy(() -> f.notifyAlive(member(out))).isInstanceOf(VetoException.class);
        assertThatThrownBy(() -> f.notifyAlive(new Member("intruder", new byte[] {10, 0, 0, 9}, 1, null,
                MemberState.ALIVE, 1, 1, 5, 2, 0, 0, 0))).isInstanceOf(VetoException.class);
    }

    @Test
    void indicesComeFromTheNames() {
        assertThat(PartialViews.index("node-123")).isEqualTo(123);
        assertThat(PartialViews.index("node-x")).isEqualTo(-1);
    }
}
