package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/** Fuzzes the incremental stream reader; only {@link CodecException} may escape. */
class StreamCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void tryDecode(byte[] data) {
        if (data.length == 0) {
            return;
        }
        FuzzConfig config = FuzzConfig.of(data[0]);
        StreamCodec codec = new StreamCodec(config.options());
        // Decode at an offset inside a larger buffer, as a NIO reader would.
        byte[] buf = Arrays.copyOf(data, data.length + 3);
        int len = data.length - 1;
        try {
            StreamCodec.Read r = codec.tryDecode(buf, 1, len, config.expectLabel());
            if (r instanceof StreamCodec.NeedMore more) {
                assertThat(more.atLeast()).isGreaterThan(len);
            } else if (r instanceof StreamCodec.Message m) {
                assertThat(m.consumed()).isBetween(1, len);
                assertThat(m.message()).isNotEmpty();
            }
        } catch (CodecException expected) {
            // closed stream: the only allowed failure
        }
    }
}
