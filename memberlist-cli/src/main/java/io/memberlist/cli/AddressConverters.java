package io.memberlist.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for addresses, turning parse errors into usage errors (exit code 2). */
final class AddressConverters {
    /** The port a join address without one is sent to, as memberlist's default bind port. */
    static final int DEFAULT_GOSSIP_PORT = 7946;

    private AddressConverters() {}

    /** {@code HOST:PORT}, port required. */
    static final class Required implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return HostPort.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code HOST[:PORT]}, port 7946 when left out (what memberlist's join does). */
    static final class Join implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return HostPort.parse(value, DEFAULT_GOSSIP_PORT);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
