package io.memberlist.codec;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-GCM envelope (PROTOCOL.md §6.3), shared by packets (AAD = label) and streams
 * (AAD = 5-byte stream header + label).
 *
 * <pre>
 * offset 0    1 byte    encryption version: 0 or 1
 * offset 1    12 bytes  nonce, fresh random per message
 * offset 13   n bytes   GCM ciphertext of the plaintext (version 0: plus PKCS#7-style padding)
 * offset 13+n 16 bytes  GCM tag
 * </pre>
 *
 * <p>Version 1 (protocol 2..5) encrypts the message as is: overhead 1+12+16 = 29 bytes.
 * Version 0 (protocol 1) first pads to a multiple of 16 with p bytes of value p, p in 1..16, a
 * whole block when already aligned: overhead up to 45 bytes. Receivers accept both versions.
 *
 * <p>Decryption tries every key in ring order (primary first) and checks the version-0 padding
 * that Go trusts blindly (p must be 1..16 and at most the plaintext length).
 *
 * <p>{@link Cipher} is not thread-safe and costly to look up, so decryption, the hot path that
 * may try several keys, keeps one per thread. Encryption takes a fresh instance: the JDK
 * refuses to re-initialise one GCM cipher with the key and nonce it used last, which pinned
 * test nonces do on purpose.
 */
public final class Encryption {
    private Encryption() {}

    public static final int VERSION_0 = 0;
    public static final int VERSION_1 = 1;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    static final int BLOCK = 16;
    static final int HEADER_LENGTH = 1 + NONCE_LENGTH;
    /** Shortest envelope of version 1: header and tag around an empty ciphertext. */
    public static final int MIN_LENGTH_V1 = HEADER_LENGTH + TAG_LENGTH; // 29
    /** Shortest envelope of version 0: the padding is at least one full block. */
    public static final int MIN_LENGTH_V0 = MIN_LENGTH_V1 + BLOCK; // 45

    private static final ThreadLocal<Cipher> DECRYPTORS = ThreadLocal.withInitial(Encryption::newCipher);

    /** The encryption version for a node's own protocol version: 0 for protocol 1, else 1. */
    public static int versionFor(int protocolVersion) {
        return protocolVersion < 2 ? VERSION_0 : VERSION_1;
    }

    /** Worst-case bytes added by encryption, as counted in size budgets (§4.6): 29 or 45. */
    public static int overhead(int version) {
        return checkVersion(version) == VERSION_0 ? MIN_LENGTH_V0 : MIN_LENGTH_V1;
    }

    /** Exact envelope length for a plaintext of {@code plainLength} bytes. */
    public static int encryptedLength(int version, int plainLength) {
        if (checkVersion(version) == VERSION_1) {
            return MIN_LENGTH_V1 + plainLength;
        }
        return MIN_LENGTH_V1 + plainLength + padding(plainLength);
    }

    /**
     * Encrypts {@code plain} under {@code key} with a nonce drawn from {@code nonceSource}
     * (production: a {@link java.security.SecureRandom}; tests pin it).
     */
    public static byte[] encrypt(int version, byte[] key, byte[] plain, byte[] aad,
            RandomGenerator nonceSource) {
        byte[] out = new byte[encryptedLength(version, plain.length)];
        encryptInto(version, new SecretKeySpec(Keyring.validated(key), "AES"), plain, aad, nonceSource, out, 0);
        return out;
    }

    /** Encrypts into {@code out[outOff ...]}, exactly {@link #encryptedLength} bytes. */
    static void encryptInto(int version, SecretKeySpec key, byte[] plain, byte[] aad,
            RandomGenerator nonceSource, byte[] out, int outOff) {
        checkVersion(version);
        byte[] nonce = new byte[NONCE_LENGTH];
        nonceSource.nextBytes(nonce);
        byte[] input = plain;
        if (version == VERSION_0) {
            int p = padding(plain.length);
            input = Arrays.copyOf(plain, plain.length + p);
            Arrays.fill(input, plain.length, input.length, (byte) p);
        }
        out[outOff] = (byte) version;
        System.arraycopy(nonce, 0, out, outOff + 1, NONCE_LENGTH);
        try {
            Cipher cipher = newCipher();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            if (aad.length > 0) {
                cipher.updateAAD(aad);
            }
            cipher.doFinal(input, 0, input.length, out, outOff + HEADER_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Opens the envelope in {@code buf[off, off+len)} with the first key of {@code keyring} that
     * authenticates it.
     *
     * @throws CodecException MALFORMED when empty or too short, UNSUPPORTED for a version above
     *     1, AUTHENTICATION when no key opens it (or the ring is empty), MALFORMED for bad
     *     version-0 padding
     */
    public static byte[] decrypt(Keyring keyring, byte[] buf, int off, int len, byte[] aad)
            throws CodecException {
        return decrypt(keyring.snapshot().specs(), buf, off, len, aad);
    }

    static byte[] decrypt(List<SecretKeySpec> keys, byte[] buf, int off, int len, byte[] aad)
            throws CodecException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            throw CodecException.malformed("decrypt: empty payload");
        }
        int version = buf[off] & 0xff;
        if (version > VERSION_1) {
            throw CodecException.unsupported("decrypt: unknown encryption version " + version);
        }
        int min = version == VERSION_0 ? MIN_LENGTH_V0 : MIN_LENGTH_V1;
        if (len < min) {
            throw CodecException.malformed(
                    "decrypt: " + len + " bytes, version " + version + " needs at least " + min);
        }
        if (keys.isEmpty()) {
            throw CodecException.authentication("decrypt: no keys installed");
        }
        GCMParameterSpec nonce = new GCMParameterSpec(TAG_LENGTH * 8, buf, off + 1, NONCE_LENGTH);
        Cipher cipher = DECRYPTORS.get();
        for (SecretKeySpec key : keys) {
            byte[] plain;
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, nonce);
                if (aad.length > 0) {
                    cipher.updateAAD(aad);
                }
                plain = cipher.doFinal(buf, off + HEADER_LENGTH, len - HEADER_LENGTH);
            } catch (AEADBadTagException e) {
                continue;
            } catch (GeneralSecurityException e) {
                throw new CodecException(CodecException.Kind.AUTHENTICATION, "decrypt: cipher failure", e);
            }
            return version == VERSION_0 ? unpad(plain) : plain;
        }
        throw CodecException.authentication("decrypt: no installed key authenticates the message");
    }

    private static byte[] unpad(byte[] padded) throws CodecException {
        if (padded.length == 0) {
            throw CodecException.malformed("decrypt: version 0 plaintext without padding");
        }
        int p = padded[padded.length - 1] & 0xff;
        if (p < 1 || p > BLOCK || p > padded.length) {
            throw CodecException.malformed("decrypt: invalid version 0 padding " + p);
        }
        return Arrays.copyOf(padded, padded.length - p);
    }

    static int padding(int length) {
        return BLOCK - length % BLOCK;
    }

    private static int checkVersion(int version) {
        if (version != VERSION_0 && version != VERSION_1) {
            throw new IllegalArgumentException("encryption version must be 0 or 1, got " + version);
        }
        return version;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding unavailable", e);
        }
    }
}
