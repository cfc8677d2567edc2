package io.memberlist.cli;

import io.memberlist.Config;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The three configuration presets of memberlist (PROTOCOL.md §12), by their command-line names. */
enum Preset {
    LAN, WAN, LOCAL;

    /** A builder holding the preset's timings, ready for the node's own fields. */
    Config.Builder builder() {
        return switch (this) {
            case LAN -> Config.lan();
            case WAN -> Config.wan();
            case LOCAL -> Config.local();
        };
    }

    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String names() {
        return Arrays.stream(values()).map(Preset::cliName).collect(Collectors.joining(", "));
    }

    /** Converts {@code lan|wan|local}, with a message that lists them. */
    static final class Converter implements ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            for (Preset p : values()) {
                if (p.cliName().equalsIgnoreCase(value.strip())) {
                    return p;
                }
            }
            throw new TypeConversionException("unknown preset '" + value + "'; expected one of " + names());
        }
    }
}
