package io.memberlist.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesTheForms() {
        assertThat(HostPort.parse("p", "10.0.0.1:8000", 7946)).isEqualTo(new HostPort("10.0.0.1", 8000));
        assertThat(HostPort.parse("p", " 10.0.0.1 ", 7946)).isEqualTo(new HostPort("10.0.0.1", 7946));
        assertThat(HostPort.parse("p", "node.internal:0", 7946)).isEqualTo(new HostPort("node.internal", 0));
        assertThat(HostPort.parse("p", "[::1]:7000", 7946)).isEqualTo(new HostPort("::1", 7000));
        assertThat(HostPort.parse("p", "[::1]", 7946)).isEqualTo(new HostPort("::1", 7946));
        assertThat(HostPort.parse("p", "fe80::1", 7946)).isEqualTo(new HostPort("fe80::1", 7946));
    }

    @Test
    void rejectsBadOnesNamingTheProperty() {
        assertThatThrownBy(() -> HostPort.parse("memberlist.bind", ":7946", 1)).hasMessageContaining("memberlist.bind");
        assertThatThrownBy(() -> HostPort.parse("p", "h:70000", 1)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> HostPort.parse("p", "h:x", 1)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> HostPort.parse("p", "[::1", 1)).hasMessageContaining("']'");
        assertThatThrownBy(() -> HostPort.parse("p", "[::1]x", 1)).hasMessageContaining("after ']'");
        assertThatThrownBy(() -> HostPort.parse("p", null, 1)).hasMessageContaining("no host");
    }
}
