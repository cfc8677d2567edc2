package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.MemberState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberEventTest {
    static MemberInfo member(String name, MemberState state, long incarnation, String meta) {
        return new MemberInfo(name, "127.0.0.1", 7946, state, incarnation, meta.getBytes(StandardCharsets.UTF_8),
                1, 5, 2, 0, 0, 0);
    }

    static List<String> types(Map<String, MemberInfo> before, MemberInfo... after) {
        return MemberEvent.diff(before, List.of(after)).stream()
                .map(c -> c.type() + " " + c.member().name() + " (was " + c.previous() + ")").toList();
    }

    @Test
    void newMembersAreJoinedOrTheirState() {
        assertThat(types(Map.of(), member("a", MemberState.ALIVE, 1, ""), member("b", MemberState.SUSPECT, 1, ""),
                member("c", MemberState.DEAD, 1, ""), member("d", MemberState.LEFT, 1, "")))
                .containsExactly("joined a (was null)", "suspect b (was null)", "dead c (was null)", "left d (was null)");
    }

    @Test
    void stateChangesAreEvents() {
        Map<String, MemberInfo> before = Map.of(
                "a", member("a", MemberState.ALIVE, 1, ""),
                "b", member("b", MemberState.SUSPECT, 1, ""),
                "c", member("c", MemberState.SUSPECT, 1, ""),
                "d", member("d", MemberState.DEAD, 1, ""),
                "e", member("e", MemberState.ALIVE, 1, ""));

        assertThat(types(before, member("a", MemberState.SUSPECT, 1, ""), member("b", MemberState.ALIVE, 2, ""),
                member("c", MemberState.DEAD, 1, ""), member("d", MemberState.ALIVE, 2, ""),
                member("e", MemberState.LEFT, 2, "")))
                .containsExactly("suspect a (was alive)", "alive b (was suspect)", "dead c (was suspect)",
                        "joined d (was dead)", "left e (was alive)");
    }

    @Test
    void newMetaIsAnUpdateButANewIncarnationAloneIsNothing() {
        Map<String, MemberInfo> before = Map.of(
                "a", member("a", MemberState.ALIVE, 1, "v=1"),
                "b", member("b", MemberState.ALIVE, 1, "v=1"),
                "c", member("c", MemberState.DEAD, 1, "v=1"));

        assertThat(types(before, member("a", MemberState.ALIVE, 2, "v=2"), member("b", MemberState.ALIVE, 5, "v=1"),
                member("c", MemberState.DEAD, 1, "v=2")))
                .containsExactly("updated a (was alive)");
    }

    @Test
    void aMissingMemberIsNoChange() {
        assertThat(types(Map.of("a", member("a", MemberState.SUSPECT, 1, "")))).isEmpty();
    }

    @Test
    void jsonRoundTrips() {
        MemberEvent e = new MemberEvent(7, 1_700_000_000_123L, "dead", "suspect", member("c", MemberState.DEAD, 3, "x"));

        Map<?, ?> json = (Map<?, ?>) JsonCodec.parse(JsonCodec.write(e.toJson()));

        assertThat(json.get("type")).isEqualTo("dead");
        assertThat(json.get("time")).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(MemberEvent.fromJson(json)).isEqualTo(e);
    }
}
