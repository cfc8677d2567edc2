package io.memberlist.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The msgpack field names of one Go struct, in the order Go emits them (ascending by byte value,
 * PROTOCOL.md §1.1), each also pre-encoded as the fixstr key a writer copies out.
 *
 * <p>A body's reader switches on field indices ({@link MsgpackReader#readKey} returns one) and
 * its writer picks keys by index, so each index is a named constant declared next to the list,
 * and the list is built from (index, name) pairs with {@link #then}: a constant that does not
 * match its name's position, or a name out of order, fails the class initialisation of the body
 * that declares it, and with it every codec test.
 */
final class FieldNames {
    private final String struct;
    private final byte[][] names;
    private final byte[][] keys;

    private FieldNames(String struct, byte[][] names, byte[][] keys) {
        this.struct = struct;
        this.names = names;
        this.keys = keys;
    }

    /** An empty list for Go struct {@code struct}; add its fields with {@link #then}. */
    static FieldNames of(String struct) {
        return new FieldNames(struct, new byte[0][], new byte[0][]);
    }

    /**
     * This list plus field {@code name} at {@code index}.
     *
     * @throws IllegalStateException if {@code index} is not the next position or {@code name}
     *     does not sort after the previous name
     */
    FieldNames then(int index, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (index != names.length) {
            throw new IllegalStateException(struct + "." + name + " has index " + index
                    + " but position " + names.length);
        }
        if (index > 0 && Arrays.compare(names[index - 1], bytes) >= 0) {
            throw new IllegalStateException(struct + "." + name + " does not sort after "
                    + new String(names[index - 1], StandardCharsets.US_ASCII));
        }
        if (bytes.length >= 32) {
            throw new IllegalStateException(struct + "." + name + " does not fit a fixstr key");
        }
        byte[] key = new byte[bytes.length + 1];
        key[0] = (byte) (0xa0 | bytes.length);
        System.arraycopy(bytes, 0, key, 1, bytes.length);
        byte[][] moreNames = Arrays.copyOf(names, index + 1);
        byte[][] moreKeys = Arrays.copyOf(keys, index + 1);
        moreNames[index] = bytes;
        moreKeys[index] = key;
        return new FieldNames(struct, moreNames, moreKeys);
    }

    /** The field names in emitted order, for {@link MsgpackReader#readKey}; not to be modified. */
    byte[][] names() {
        return names;
    }

    /** The fixstr key of the field at {@code index}: header byte plus name. */
    byte[] key(int index) {
        return keys[index];
    }
}
