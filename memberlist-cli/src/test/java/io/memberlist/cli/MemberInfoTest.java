package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Member;
import io.memberlist.MemberState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemberInfoTest {
    @Test
    void fromAMemberKeepsEveryField() {
        Member m = new Member("n1", new byte[] {10, 0, 0, 7}, 7946, "zone=a".getBytes(StandardCharsets.UTF_8),
                MemberState.SUSPECT, 42, 1, 5, 2, 0, 1, 0);

        MemberInfo i = MemberInfo.from(m);

        assertThat(i).isEqualTo(new MemberInfo("n1", "10.0.0.7", 7946, MemberState.SUSPECT, 42,
                "zone=a".getBytes(StandardCharsets.UTF_8), 1, 5, 2, 0, 1, 0));
        assertThat(i.hostPort()).isEqualTo("10.0.0.7:7946");
        assertThat(MemberInfo.fromJson(JsonCodec.parse(JsonCodec.write(i.toJson())))).isEqualTo(i);
    }

    @Test
    void addressesAreShownWithoutLookups() {
        assertThat(MemberInfo.ipText(new byte[] {127, 0, 0, 1})).isEqualTo("127.0.0.1");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 10;
        mapped[15] = 1;
        assertThat(MemberInfo.ipText(mapped)).isEqualTo("10.0.0.1"); // Go advertises 16-byte IPv4 when bound to 0.0.0.0
        byte[] v6 = new byte[16];
        v6[15] = 1;
        assertThat(MemberInfo.ipText(v6)).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(MemberInfo.ipText(new byte[] {1, 2})).isEqualTo("0102");
    }

    @Test
    void metaIsTextOnlyWhenPrintable() {
        assertThat(MemberInfo.printable("héllo wörld".getBytes(StandardCharsets.UTF_8))).isEqualTo("héllo wörld");
        assertThat(MemberInfo.printable(new byte[0])).isEmpty();
        assertThat(MemberInfo.printable(new byte[] {(byte) 0xC3})).isNull(); // truncated UTF-8
        assertThat(MemberInfo.printable(new byte[] {'a', 0, 'b'})).isNull();
        assertThat(MemberInfo.printable("a\nb".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
