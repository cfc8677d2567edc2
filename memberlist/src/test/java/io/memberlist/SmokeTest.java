package io.memberlist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void javaRuntimeIsAtLeast17() {
        assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(17);
    }
}
