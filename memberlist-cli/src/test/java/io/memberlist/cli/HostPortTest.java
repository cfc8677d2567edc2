package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:7946, 127.0.0.1, 7946, 127.0.0.1:7946",
        "0.0.0.0:0, 0.0.0.0, 0, 0.0.0.0:0",
        "localhost:8000, localhost, 8000, localhost:8000",
        "node-1.example.com:65535, node-1.example.com, 65535, node-1.example.com:65535",
        "[::1]:7946, ::1, 7946, [::1]:7946",
        "[fe80::1%1]:1, fe80::1%1, 1, [fe80::1%1]:1",
        "' 10.0.0.1:80 ', 10.0.0.1, 80, 10.0.0.1:80",
    })
    void parsesHostAndPort(String text, String host, int port, String printed) {
        HostPort hp = HostPort.parse(text);

        assertThat(hp.host()).isEqualTo(host);
        assertThat(hp.port()).isEqualTo(port);
        assertThat(hp).hasToString(printed);
    }

    @Test
    void joinAddressesMayLeaveThePortOut() {
        assertThat(HostPort.parse("10.0.0.1", 7946)).isEqualTo(new HostPort("10.0.0.1", 7946));
        assertThat(HostPort.parse("[::1]", 7946)).isEqualTo(new HostPort("::1", 7946));
        assertThat(HostPort.parse("10.0.0.1:1", 7946)).isEqualTo(new HostPort("10.0.0.1", 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                 | empty",
        "10.0.0.1           | the port is missing",
        "10.0.0.1:-1        | not a number",
        "10.0.0.1:123456    | not a number",
        "10.0.0.1:65536     | out of range",
        "10.0.0.256:1       | neither an IPv4 address nor a host name",
        "1.2.3:1            | neither an IPv4 address nor a host name",
        "-host:1            | neither an IPv4 address nor a host name",
        "a..b:1             | neither an IPv4 address nor a host name",
        "[::1]7946          | expected ':' after ']'",
        "[1.2.3.4]:1        | not an IPv6 address",
        "fe80::1:1          | brackets",
    })
    void rejectsWithAReason(String text, String why) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }
}
