package io.memberlist;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared AES keys of a cluster (Go's {@code Keyring}): index 0 is the primary key, the only
 * one that encrypts; the others still decrypt during a key rotation ({@link #addKey} on every
 * node, then {@link #useKey}, then {@link #removeKey}).
 *
 * <p>Why a type of its own: the ring that the packet and stream codecs read lives in the
 * internal codec package, which the {@code io.memberlist} module does not export. This class is
 * the exported face of it: {@link Memberlist#keyring()} returns a view of the node's live ring,
 * so a change applies to the next packet or stream sent or read. Every method takes and returns
 * copies of the key bytes; the ring is safe to use from any thread.
 */
public final class Keyring {
    private final io.memberlist.codec.Keyring ring;

    Keyring(io.memberlist.codec.Keyring ring) {
        this.ring = Objects.requireNonNull(ring, "ring");
    }

    /** A ring without keys (encryption off until a key is added), not attached to any node. */
    public static Keyring empty() {
        return new Keyring(io.memberlist.codec.Keyring.empty());
    }

    /**
     * Go's {@code NewKeyring}: {@code primary} first, then {@code keys} in order, duplicates
     * ignored; both empty gives an empty ring. A node takes its keys from
     * {@link Config.Builder#secretKey} and {@link Config.Builder#keyring}: this ring is not
     * attached to one.
     *
     * @throws IllegalArgumentException if keys are given without a primary, or a key is not 16,
     *     24 or 32 bytes long
     */
    public static Keyring of(List<byte[]> keys, byte[] primary) {
        return new Keyring(io.memberlist.codec.Keyring.of(keys, primary));
    }

    /** A ring holding just {@code primary}, not attached to any node. */
    public static Keyring of(byte[] primary) {
        return new Keyring(io.memberlist.codec.Keyring.of(primary));
    }

    /**
     * Go's {@code ValidateKey}: checks that {@code key} can be a cluster key (16, 24 or 32 bytes:
     * AES-128, AES-192, AES-256).
     *
     * @throws IllegalArgumentException naming the size found, or for {@code null}
     */
    public static void validateKey(byte[] key) {
        io.memberlist.codec.Keyring.validateKey(key);
    }

    /** Adds {@code key} at the end (no-op if present); it becomes primary if the ring was empty. */
    public void addKey(byte[] key) {
        ring.addKey(key);
    }

    /**
     * Makes {@code key} the primary key; the others keep their order.
     *
     * @throws IllegalArgumentException if the key is not in the ring
     */
    public void useKey(byte[] key) {
        ring.useKey(key);
    }

    /**
     * Removes {@code key}; an absent key is not an error.
     *
     * @throws IllegalStateException if the ring is empty or {@code key} is the primary key
     */
    public void removeKey(byte[] key) {
        ring.removeKey(key);
    }

    /** Copies of all keys, primary first. */
    public List<byte[]> keys() {
        return ring.keys();
    }

    /** A copy of the primary key, empty if the ring has no keys. */
    public Optional<byte[]> primaryKey() {
        return ring.primaryKey();
    }

    /** Number of keys. */
    public int size() {
        return ring.size();
    }

    /** Whether encryption is off (no keys). */
    public boolean isEmpty() {
        return ring.isEmpty();
    }

    @Override
    public String toString() {
        return ring.toString(); // the count only, never the key bytes
    }
}
