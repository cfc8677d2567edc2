package io.memberlist.cli;

import java.security.SecureRandom;
import java.util.Base64;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Gossip encryption keys as the command line carries them: standard base64 (as Go's
 * {@code base64.StdEncoding}, which Consul and Serf print) of 16, 24 or 32 bytes, selecting
 * AES-128, AES-192 or AES-256 (PROTOCOL.md §6).
 */
final class SecretKeys {
    /** The size {@code keygen} makes: AES-256. */
    static final int GENERATED_SIZE = 32;

    private SecretKeys() {}

    /** Decodes and checks one key. */
    static byte[] decode(String text) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key is not valid base64 (" + e.getMessage() + ")");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("key must decode to 16, 24 or 32 bytes (AES-128/192/256), but '"
                    + text + "' decodes to " + key.length + " bytes; make one with 'memberlist keygen'");
        }
        return key;
    }

    /** A fresh random AES-256 key, base64. */
    static String generate(SecureRandom random) {
        byte[] key = new byte[GENERATED_SIZE];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** picocli converter: the decoded key bytes, or a usage error naming the problem. */
    static final class Converter implements ITypeConverter<byte[]> {
        @Override
        public byte[] convert(String value) {
            try {
                return decode(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
