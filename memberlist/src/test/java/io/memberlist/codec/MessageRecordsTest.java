package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation, content equality and readable {@code toString} of the message records. */
class MessageRecordsTest {
    private static final byte[] IP = {10, 0, 0, 1};

    @Test
    void uint32AndPortRangesAreChecked() {
        assertThatThrownBy(() -> new NackResp(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NackResp(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new NackResp(0xFFFF_FFFFL).seqNo()).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> new Alive(1, "a", IP, 65536, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Alive(1, "a", IP, -1, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ping(1, "a", IP, 70000, "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndirectPingReq(1, IP, 1 << 16, "a", false, null, 0, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PushNodeState("a", IP, 1, null, -5, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Suspect(1L << 40, "a", "b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringsMustNotBeNull() {
        assertThatThrownBy(() -> new Ping(1, null, null, 0, "")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Ping(1, "a", null, 0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Dead(1, "a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ErrResp(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new PushNodeState(null, IP, 1, null, 1, 0, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new UserMessage(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void equalityIsByContentAndNilDiffersFromEmpty() {
        Alive a = new Alive(1, "a", IP.clone(), 7946, null, Alive.vsn(1, 5, 2, 0, 0, 0));
        Alive b = new Alive(1, "a", IP.clone(), 7946, null, new byte[] {1, 5, 2, 0, 0, 0});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Alive(1, "a", IP, 7946, new byte[0], a.vsn()));
        assertThat(new AckResp(1, null)).isNotEqualTo(new AckResp(1, new byte[0]));
        assertThat(new UserMessage(new byte[] {1})).isEqualTo(new UserMessage(new byte[] {1}));
        PushNodeState s = new PushNodeState("n", IP, 1, null, 1, 0, null);
        assertThat(new PushPull(true, List.of(s), new byte[] {9}))
                .isEqualTo(new PushPull(true, List.of(new PushNodeState("n", IP.clone(), 1, null, 1, 0, null)),
                        new byte[] {9}));
    }

    @Test
    void omitemptyByteStringsAndEmptyUserStateAreNormalisedToNull() {
        assertThat(new Ping(1, "a", new byte[0], 0, "").sourceAddr()).isNull();
        assertThat(new IndirectPingReq(1, IP, 1, "a", false, new byte[0], 0, "").sourceAddr()).isNull();
        assertThat(new PushPull(false, List.of(), new byte[0]).userState()).isNull();
        // Target is not omitempty: empty stays empty
        assertThat(new IndirectPingReq(1, new byte[0], 1, "a", false, null, 0, "").target()).isEmpty();
    }

    @Test
    void toStringShowsHexAndCutsLongArrays() {
        assertThat(new Alive(1, "a", IP, 7946, null, null).toString())
                .isEqualTo("Alive[incarnation=1, node=a, addr=0a000001, port=7946, meta=null, vsn=null]");
        assertThat(new UserMessage(new byte[100]).toString()).endsWith("...(100 bytes)]");
    }

    @Test
    void factories() {
        assertThat(Ping.of(3, "b")).isEqualTo(new Ping(3, "b", null, 0, ""));
        assertThat(AckResp.of(3)).isEqualTo(new AckResp(3, null));
        assertThat(Dead.leave(4, "x")).isEqualTo(new Dead(4, "x", "x"));
        assertThat(PushPull.of(true, List.of())).isEqualTo(new PushPull(true, List.of(), null));
        assertThatThrownBy(() -> Alive.vsn(1, 256, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodeRefusesWhatCannotBeSent() {
        assertThatThrownBy(() -> Messages.encodeStream(new Suspect(1, "a", "b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Messages.encodeStream(new UserMessage(new byte[Limits.MAX_USER_MSG_BYTES + 1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Messages.encodeStream(
                new PushPull(false, List.of(), new byte[Limits.MAX_USER_STATE_BYTES + 1])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
