package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Asserts that a decoder rejects input with a {@link CodecException} of the given kind, nothing else. */
final class CodecAssertions {
    private CodecAssertions() {}

    @FunctionalInterface
    interface Decoding {
        void run() throws Exception;
    }

    static CodecException rejects(CodecException.Kind kind, Decoding decoding) {
        Throwable t = catchThrowable(decoding::run);
        assertThat(t).as("expected CodecException[%s]", kind).isExactlyInstanceOf(CodecException.class);
        CodecException e = (CodecException) t;
        assertThat(e.kind()).as("kind of %s", e).isEqualTo(kind);
        return e;
    }

    static CodecException rejects(Decoding decoding) {
        Throwable t = catchThrowable(decoding::run);
        assertThat(t).as("expected a CodecException").isExactlyInstanceOf(CodecException.class);
        return (CodecException) t;
    }
}
