package io.memberlist.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared AES keys of a cluster (PROTOCOL.md §6.1). Index 0 is the primary key: the only
 * one used to encrypt and the first tried to decrypt; the others keep decrypting during a key
 * rotation ({@link #addKey} everywhere, then {@link #useKey}, then {@link #removeKey}).
 *
 * <p>Thread safety: the ring is an immutable snapshot behind an {@link AtomicReference}.
 * Readers (every packet) take the current snapshot without locking; writers (rare, operator
 * driven) build a new snapshot and swap it in with compare-and-set, retrying on a race. Keys
 * are copied on the way in and on the way out, so callers can never alter the ring's bytes.
 *
 * <p>Encryption is enabled iff the ring holds at least one key.
 */
public final class Keyring {

    /** Immutable key list with the {@link SecretKeySpec}s built once for the cipher. */
    record Snapshot(List<byte[]> keys, List<SecretKeySpec> specs) {
        static final Snapshot EMPTY = new Snapshot(List.of(), List.of());

        int indexOf(byte[] key) {
            for (int i = 0; i < keys.size(); i++) {
                if (Arrays.equals(keys.get(i), key)) {
                    return i;
                }
            }
            return -1;
        }

        static Snapshot of(List<byte[]> keys) {
            List<SecretKeySpec> specs = new ArrayList<>(keys.size());
            for (byte[] k : keys) {
                specs.add(new SecretKeySpec(k, "AES"));
            }
            return new Snapshot(List.copyOf(keys), List.copyOf(specs));
        }
    }

    private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);

    private Keyring() {}

    /** A ring without keys: encryption off until a key is added. */
    public static Keyring empty() {
        return new Keyring();
    }

    /**
     * Go's {@code NewKeyring}: {@code primary} first, then {@code keys} in order, duplicates
     * ignored. Both empty gives an empty ring.
     *
     * @throws IllegalArgumentException if keys are given without a primary, or any key is not
     *     16, 24 or 32 bytes long
     */
    public static Keyring of(List<byte[]> keys, byte[] primary) {
        Keyring ring = new Keyring();
        boolean noPrimary = primary == null || primary.length == 0;
        if (keys.isEmpty() && noPrimary) {
            return ring;
        }
        if (noPrimary) {
            throw new IllegalArgumentException("keyring: keys given without a primary key");
        }
        ring.addKey(primary);
        for (byte[] k : keys) {
            ring.addKey(k);
        }
        return ring;
    }

    /** A ring holding just {@code primary}. */
    public static Keyring of(byte[] primary) {
        return of(List.of(), primary);
    }

    /** Adds {@code key} at the end (no-op if present); it becomes primary if the ring was empty. */
    public void addKey(byte[] key) {
        byte[] copy = validated(key);
        update(s -> {
            if (s.indexOf(copy) >= 0) {
                return s;
            }
            List<byte[]> keys = new ArrayList<>(s.keys());
            keys.add(copy);
            return Snapshot.of(keys);
        });
    }

    /**
     * Makes {@code key} the primary key; the others keep their relative order.
     *
     * @throws IllegalArgumentException if the key is not in the ring
     */
    public void useKey(byte[] key) {
        byte[] copy = validated(key);
        update(s -> {
            int i = s.indexOf(copy);
            if (i < 0) {
                throw new IllegalArgumentException("keyring: requested key is not in the keyring");
            }
            if (i == 0) {
                return s;
            }
            List<byte[]> keys = new ArrayList<>(s.keys());
            keys.add(0, keys.remove(i));
            return Snapshot.of(keys);
        });
    }

    /**
     * Removes {@code key}; an absent key is not an error.
     *
     * @throws IllegalStateException if the ring is empty or {@code key} is the primary key
     */
    public void removeKey(byte[] key) {
        byte[] copy = key.clone();
        update(s -> {
            if (s.keys().isEmpty()) {
                throw new IllegalStateException("keyring: cannot remove a key from an empty keyring");
            }
            int i = s.indexOf(copy);
            if (i == 0) {
                throw new IllegalStateException("keyring: removing the primary key is not allowed");
            }
            if (i < 0) {
                return s;
            }
            List<byte[]> keys = new ArrayList<>(s.keys());
            keys.remove(i);
            return Snapshot.of(keys);
        });
    }

    /** Copies of all keys, primary first. */
    public List<byte[]> keys() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] k : current.get().keys()) {
            out.add(k.clone());
        }
        return out;
    }

    /** A copy of the primary key, empty if the ring has no keys. */
    public Optional<byte[]> primaryKey() {
        List<byte[]> keys = current.get().keys();
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0).clone());
    }

    /** Number of keys. */
    public int size() {
        return current.get().keys().size();
    }

    /** Whether encryption is off (no keys). */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** The current snapshot, for the cipher code: no copies, no lock. */
    Snapshot snapshot() {
        return current.get();
    }

    private void update(UnaryOperator<Snapshot> change) {
        while (true) {
            Snapshot before = current.get();
            Snapshot after = change.apply(before);
            if (after == before || current.compareAndSet(before, after)) {
                return;
            }
        }
    }

    /**
     * Checks that {@code key} can be a cluster key: 16, 24 or 32 bytes (AES-128, AES-192,
     * AES-256), as Go's {@code ValidateKey}; every method taking a key applies it.
     *
     * @throws IllegalArgumentException naming the size found, or for {@code null}
     */
    public static void validateKey(byte[] key) {
        validated(key);
    }

    /** Checks the AES key size and returns a private copy. */
    static byte[] validated(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("keyring: key is null");
        }
        int n = key.length;
        if (n != 16 && n != 24 && n != 32) {
            throw new IllegalArgumentException("keyring: key is " + n
                    + " bytes; AES keys must be 16, 24 or 32 bytes (AES-128, AES-192, AES-256)");
        }
        return key.clone();
    }

    @Override
    public String toString() {
        return "Keyring[" + size() + " keys]"; // never the key bytes
    }
}
