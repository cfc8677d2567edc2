package io.memberlist.codec;

import static io.memberlist.codec.CodecAssertions.rejects;
import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.CodecException.Kind;
import org.junit.jupiter.api.Test;

class CrcTest {
    private static final String PING = "0082a44e6f6465a16ea55365714e6f01";

    @Test
    void protocolVector() throws CodecException {
        byte[] out = Crc.add(hex(PING));
        assertThat(hex(out)).isEqualTo("0c536f2cf4" + PING);
        assertThat(Crc.isPresent(out, 0, out.length)).isTrue();
        assertThat(hex(Crc.verifyAndStrip(out, 0, out.length))).isEqualTo(PING);
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] good = Crc.add(hex(PING));
        for (int bit = 8; bit < good.length * 8; bit++) {
            byte[] bad = good.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            rejects(Kind.MALFORMED, () -> Crc.verifyAndStrip(bad, 0, bad.length));
        }
    }

    @Test
    void headerShorterThanFiveBytesIsTruncated() {
        byte[] shortOne = hex("0c536f2c");
        rejects(Kind.TRUNCATED, () -> Crc.verifyAndStrip(shortOne, 0, shortOne.length));
    }

    @Test
    void emptyBodyHasTheCrcOfNothing() throws CodecException {
        byte[] out = Crc.add(new byte[0]);
        assertThat(hex(out)).isEqualTo("0c00000000");
        assertThat(Crc.verifyAndStrip(out, 0, out.length)).isEmpty();
    }
}
