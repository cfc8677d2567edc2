package io.memberlist.interop;

/** Deterministic test keys. */
final class InteropKeys {
    private InteropKeys() {}

    /** A 32-byte key: bytes seed, seed+1, ... */
    static byte[] key(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i);
        }
        return k;
    }
}
