package io.memberlist.cli;

import java.security.SecureRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code memberlist keygen}: a random 32-byte (AES-256) gossip key, base64, for {@code agent --key}. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Print a new random 32-byte gossip encryption key (AES-256), base64-encoded, for --key.")
final class KeygenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(SecretKeys.generate(new SecureRandom()));
    }
}
