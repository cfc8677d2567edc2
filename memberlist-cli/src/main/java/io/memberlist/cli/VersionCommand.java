package io.memberlist.cli;

import io.memberlist.Config;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code memberlist version}: the tool's version, the protocol versions it speaks, the JVM. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the version, the protocol versions spoken and the Java runtime.")
final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        for (String line : lines()) {
            spec.commandLine().getOut().println(line);
        }
    }

    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/memberlist-cli.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    static String[] lines() {
        return new String[] {
            "memberlist " + version(),
            "protocol versions " + Config.PROTOCOL_VERSION_MIN + ".." + Config.PROTOCOL_VERSION_MAX
                    + " (wire-compatible with HashiCorp memberlist)",
            "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }

    /** Also answers {@code memberlist --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }
    }
}
