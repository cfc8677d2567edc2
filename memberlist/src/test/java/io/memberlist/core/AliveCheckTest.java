package io.memberlist.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.Alive;
import io.memberlist.codec.Limits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AliveCheckTest {
    static final byte[] OURS = Alive.vsn(1, 5, 2, 0, 0, 0);

    static byte[] vsn(String csv) {
        if (csv.equals("null")) {
            return null;
        }
        String[] p = csv.split(" ");
        byte[] v = new byte[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = (byte) Integer.parseInt(p[i]);
        }
        return v;
    }

    @ParameterizedTest(name = "Vsn [{0}] -> {1}")
    @CsvSource({
        "1 5 2 0 0 0, ",                   // Go's default, ours
        "1 5 5 0 0 0, ",                   // a peer speaking 5
        "1 5 1 0 0 0, ",                   // a peer speaking 1
        "2 5 3 0 0 0, ",                   // a newer peer that still speaks our 2
        "null, VSN_LENGTH",
        "'', VSN_LENGTH",
        "1 5 2, VSN_LENGTH",
        "1 5 2 0 0 0 0, VSN_LENGTH",
        "0 0 0 0 0 0, PROTOCOL_VERSION",
        "0 5 2 0 0 0, PROTOCOL_VERSION",  // PMin 0
        "1 5 0 0 0 0, PROTOCOL_VERSION",  // PCur outside its own range
        "3 5 3 0 0 0, PROTOCOL_VERSION",  // cannot speak our 2
        "1 5 6 0 0 0, PROTOCOL_VERSION",  // speaks what we cannot
        "5 1 2 0 0 0, PROTOCOL_VERSION",
        "1 5 2 0 0 1, DELEGATE_VERSION",  // DCur outside its own range
        "1 5 2 1 3 2, DELEGATE_VERSION",  // cannot talk to our delegate version 0
    })
    void versionRules(String v, AliveCheck.Refusal expected) {
        byte[] vsn = v.isEmpty() ? new byte[0] : vsn(v);
        Alive a = new Alive(1, "n", new byte[] {10, 0, 0, 1}, 7946, null, vsn);
        assertThat(AliveCheck.check(a, OURS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "name of {0} chars ({1} bytes each) -> {2}")
    @CsvSource({"512, 1, ", "513, 1, NAME_LENGTH", "170, 3, ", "171, 3, NAME_LENGTH", "256, 2, ",
        "257, 2, NAME_LENGTH"})
    void nameLengthIsCountedInUtf8Bytes(int chars, int bytesPerChar, AliveCheck.Refusal expected) {
        String c = bytesPerChar == 1 ? "a" : bytesPerChar == 2 ? "é" : "€";
        Alive a = new Alive(1, c.repeat(chars), new byte[] {10, 0, 0, 1}, 7946, null, OURS);
        assertThat(AliveCheck.check(a, OURS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "meta of {0} bytes -> {1}")
    @CsvSource({"0, ", "512, ", "513, META_SIZE", "60000, META_SIZE"})
    void metaSize(int n, AliveCheck.Refusal expected) {
        Alive a = new Alive(1, "n", new byte[] {10, 0, 0, 1}, 7946, new byte[n], OURS);
        assertThat(AliveCheck.check(a, OURS)).isEqualTo(expected);
        assertThat(Limits.META_MAX_SIZE).isEqualTo(512);
    }
}
