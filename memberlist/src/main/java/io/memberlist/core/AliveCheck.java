package io.memberlist.core;

import io.memberlist.codec.Alive;
import io.memberlist.codec.Limits;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a remote alive (gossiped, or an entry of a push/pull) must satisfy before it is stored;
 * not in Go, which stores whatever passes its version sanity rule (PROTOCOL.md §8.3). One
 * forged alive with a short or missing {@code Vsn} is otherwise stored with versions 0/0/0, and
 * from then on every push/pull and join in the cluster fails Go's version check ("protocol
 * version (0) is incompatible") until the record is reaped, renewable with one more packet.
 *
 * <p>Every real peer (Go v0.2.2 to v0.7.0, this library) sends a 6-byte version vector whose
 * current versions lie inside its own ranges, a name of a host-name size and at most 512 bytes
 * of metadata. An alive is refused when:
 *
 * <ul>
 *   <li>{@code Vsn} is not exactly 6 bytes;
 *   <li>its protocol versions are not {@code 1 ≤ PMin ≤ PCur ≤ PMax}, or its delegate versions
 *       not {@code DMin ≤ DCur ≤ DMax};
 *   <li>it could not talk to this node: our current protocol version is outside its
 *       [PMin, PMax] or its PCur outside ours, or the same for the delegate versions (Go's
 *       push/pull check would fail with both of us in the member list);
 *   <li>its name is longer than {@link Limits#MAX_NODE_NAME_BYTES} or its metadata longer
 *       than {@link Limits#META_MAX_SIZE}.
 * </ul>
 */
final class AliveCheck {
    private AliveCheck() {}

    /** Why an alive is refused; the {@code reason} label of {@code memberlist.alive.refused}. */
    enum Refusal {
        VSN_LENGTH, PROTOCOL_VERSION, DELEGATE_VERSION, NAME_LENGTH, META_SIZE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Null when {@code a} may be stored, else why not.
     *
     * @param ours this node's version vector {@code [PMin, PMax, PCur, DMin, DMax, DCur]}
     */
    static Refusal check(Alive a, byte[] ours) {
        if (utf8Length(a.node(), Limits.MAX_NODE_NAME_BYTES) > Limits.MAX_NODE_NAME_BYTES) {
            return Refusal.NAME_LENGTH;
        }
        if (a.meta() != null && a.meta().length > Limits.META_MAX_SIZE) {
            return Refusal.META_SIZE;
        }
        byte[] v = a.vsn();
        if (v == null || v.length != 6) {
            return Refusal.VSN_LENGTH;
        }
        if (!compatible(v[0] & 0xFF, v[1] & 0xFF, v[2] & 0xFF, ours[0] & 0xFF, ours[1] & 0xFF,
                ours[2] & 0xFF) || (v[0] & 0xFF) == 0) {
            return Refusal.PROTOCOL_VERSION;
        }
        if (!compatible(v[3] & 0xFF, v[4] & 0xFF, v[5] & 0xFF, ours[3] & 0xFF, ours[4] & 0xFF,
                ours[5] & 0xFF)) {
            return Refusal.DELEGATE_VERSION;
        }
        return null;
    }

    /** Its range holds its current version and ours, and our range holds its current version. */
    private static boolean compatible(int min, int max, int cur, int ourMin, int ourMax, int ourCur) {
        return min <= cur && cur <= max && min <= ourCur && ourCur <= max
                && ourMin <= cur && cur <= ourMax;
    }

    /**
     * Above {@code limit} exactly when the UTF-8 length of {@code s} is (the exact length only
     * when that cannot be told from the char count alone).
     */
    static int utf8Length(String s, int limit) {
        if (s.length() > limit) {
            return s.length(); // every char is at least one byte
        }
        if (s.length() * 3 <= limit) {
            return s.length(); // at most 3 bytes per char: certainly within the limit
        }
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
