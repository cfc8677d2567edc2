package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandLineTest {
    private static final String KEY16 = Base64.getEncoder().encodeToString(new byte[16]);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1          | the port is missing",
        "127.0.0.1:99999    | out of range",
        "127.0.0.1:abc      | is not a number",
        "127.0.0.1:         | is not a number",
        ":7946              | the host is missing",
        "300.1.2.3:7946     | neither an IPv4 address nor a host name",
        "::1:7946           | must be written in brackets",
        "[::1:7946          | missing ']'",
        "[zz::1]:7946       | is not an IPv6 address",
        "bad_host!:7946     | neither an IPv4 address nor a host name",
    })
    void aBadBindAddressIsAUsageError(String address, String why) {
        Cli r = Cli.run("agent", "--name", "a", "--bind", address);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--bind'", "bad address '" + address + "'", why)
                .contains("Try 'memberlist agent --help'");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--advertise", "--http", "--join"})
    void everyAddressOptionIsChecked(String option) {
        Cli r = Cli.run("agent", "--name", "a", "--bind", "127.0.0.1:0", option, "1.2.3.4:70000");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'" + option + "'", "out of range");
    }

    @Test
    void policyFlagsReachTheConfiguration() {
        Config defaults = agentConfig();
        Config noFence = agentConfig("--no-self-fence");
        Config go = agentConfig("--go-compatible");

        assertThat(defaults.selfFenceRefutations()).isPositive();
        assertThat(defaults.verifyLoneSuspicion()).isTrue();
        assertThat(noFence.selfFenceRefutations()).isZero();
        assertThat(noFence.verifyLoneSuspicion()).isTrue();
        assertThat(go.selfFenceRefutations()).isZero();
        assertThat(go.verifyLoneSuspicion()).isFalse();
        assertThat(go.selfAnnounceFanout()).isZero();
        assertThat(go.initialIncarnationFromClock()).isFalse();
        assertThat(go.probeInterval()).isEqualTo(defaults.probeInterval());
    }

    private static Config agentConfig(String... extra) {
        AgentCommand agent = new AgentCommand();
        List<String> args = new ArrayList<>(List.of("--name", "a", "--bind", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        new CommandLine(agent).parseArgs(args.toArray(String[]::new));
        return agent.configBuilder().build();
    }

    @Test
    void anAdvertiseHostNameIsRejected() {
        Cli r = Cli.run("agent", "--name", "a", "--bind", "127.0.0.1:0", "--advertise", "example.com:7946");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--advertise must be an IP address");
    }

    @Test
    void aKeyOfTheWrongLengthIsAUsageError() {
        String tenBytes = Base64.getEncoder().encodeToString(new byte[10]);
        Cli r = Cli.run("agent", "--name", "a", "--bind", "127.0.0.1:0", "--key", tenBytes);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--key'", "16, 24 or 32 bytes", "decodes to 10 bytes");
    }

    @Test
    void aSecondKeyIsCheckedToo() {
        String fiveBytes = Base64.getEncoder().encodeToString(new byte[5]);
        Cli r = Cli.run("agent", "--name", "a", "--bind", "127.0.0.1:0", "--key", KEY16, "--key", fiveBytes);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("decodes to 5 bytes");
    }

    @Test
    void aKeyThatIsNotBase64IsAUsageError() {
        Cli r = Cli.run("agent", "--name", "a", "--bind", "127.0.0.1:0", "--key", "not*base64!");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--key'", "not valid base64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent", "demo"})
    void anUnknownPresetIsAUsageError(String command) {
        Cli r = command.equals("agent")
                ? Cli.run("agent", "--name", "a", "--bind", "127.0.0.1:0", "--preset", "datacenter")
                : Cli.run("demo", "--preset", "datacenter");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown preset 'datacenter'; expected one of lan, wan, local");
    }

    @Test
    void presetsAreCaseInsensitive() {
        assertThat(new Preset.Converter().convert("LAN")).isEqualTo(Preset.LAN);
        assertThat(new Preset.Converter().convert("local")).isEqualTo(Preset.LOCAL);
    }

    @Test
    void tooLongMetadataIsAUsageError() {
        Cli r = Cli.run("agent", "--name", "a", "--bind", "127.0.0.1:0", "--meta", "x".repeat(513));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--meta is 513 bytes", "at most 512");
    }

    @Test
    void tooLongLabelIsAUsageError() {
        Cli r = Cli.run("agent", "--name", "a", "--bind", "127.0.0.1:0", "--label", "l".repeat(256));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--label is longer than 255 bytes");
    }

    @Test
    void requiredAgentOptionsAreNamed() {
        Cli r = Cli.run("agent", "--bind", "127.0.0.1:0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--name=NAME'");
    }

    @Test
    void anUnknownCommandSuggestsTheNearestOne() {
        Cli r = Cli.run("agnet");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument", "agent");
    }

    @Test
    void noCommandIsAUsageErrorWithTheCommandList() {
        Cli r = Cli.run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("missing command", "agent", "members", "demo", "keygen");
    }

    @Test
    void aBadMembersStatusIsAUsageError() {
        Cli r = Cli.run("members", "--status", "gone");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("expected one of [alive, suspect, dead, left]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "33", "-4"})
    void demoNodeCountIsBounded(String n) {
        Cli r = Cli.run("demo", "--nodes", n);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--nodes must be between 3 and 32");
    }

    @Test
    void joinNeedsAnAddress() {
        Cli r = Cli.run("join");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter", "ADDR");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"agent", "members", "join", "leave", "demo", "keygen", "version"}) {
            Cli r = Cli.run(command, "--help");
            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: memberlist " + command);
        }
    }

    @Test
    void anUnreachableAgentIsARuntimeError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Cli r = Cli.run("members", "--http", "127.0.0.1:" + port);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot reach the agent at http://127.0.0.1:" + port);
    }

    @Test
    void keygenPrintsA32ByteBase64Key() {
        Cli a = Cli.run("keygen");
        Cli b = Cli.run("keygen");

        assertThat(a.exitCode()).isZero();
        byte[] key = Base64.getDecoder().decode(a.out().strip());
        assertThat(key).hasSize(32);
        assertThat(a.out()).isNotEqualTo(b.out());
        assertThat(SecretKeys.decode(a.out().strip())).isEqualTo(key);
    }

    @Test
    void versionNamesTheToolAndTheProtocolVersions() {
        Cli r = Cli.run("version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("memberlist ").contains("protocol versions 1..5").doesNotContain("${");
        assertThat(Cli.run("--version").out()).isEqualTo(r.out());
    }
}
