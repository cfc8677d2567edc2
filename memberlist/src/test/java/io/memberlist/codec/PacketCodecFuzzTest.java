package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/** Fuzzes every layer of the UDP path; only {@link CodecException} may escape. */
class PacketCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] data) {
        if (data.length == 0) {
            return;
        }
        PacketCodec codec = new PacketCodec(FuzzConfig.of(data[0]).options());
        byte[] datagram = Arrays.copyOfRange(data, 1, data.length);
        try {
            PacketCodec.Decoded d = codec.decode(datagram, datagram.length);
            assertThat(d.messages()).allSatisfy(m -> assertThat(m).isNotEmpty());
            assertThat(d.decoded()).hasSameSizeAs(d.messages());
            assertThat(d.messages()).hasSizeLessThanOrEqualTo(Limits.MAX_PACKET_LEAVES);
            assertThat(d.dropped()).isGreaterThanOrEqualTo(d.drops().size());
            assertThat(d.drops()).allSatisfy(x -> assertThat(x.cause().dropReason()).isEqualTo(x.reason()));
        } catch (CodecException expected) {
            // dropped datagram: the only allowed failure
        }
    }
}
