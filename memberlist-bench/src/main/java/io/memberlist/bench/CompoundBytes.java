package io.memberlist.bench;

import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import java.util.List;

/** A compound packet body, {@code [7][n][n x uint16 BE length][parts]} (PROTOCOL.md §4.5), built by hand. */
public final class CompoundBytes {
    private CompoundBytes() {}

    public static byte[] encode(List<? extends Message> messages) {
        byte[][] parts = new byte[messages.size()][];
        int total = 2 + 2 * parts.length;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Messages.encode(messages.get(i));
            total += parts[i].length;
        }
        byte[] out = new byte[total];
        out[0] = 7;
        out[1] = (byte) parts.length;
        int pos = 2 + 2 * parts.length;
        for (int i = 0; i < parts.length; i++) {
            out[2 + 2 * i] = (byte) (parts[i].length >>> 8);
            out[3 + 2 * i] = (byte) parts[i].length;
            System.arraycopy(parts[i], 0, out, pos, parts[i].length);
            pos += parts[i].length;
        }
        return out;
    }
}
