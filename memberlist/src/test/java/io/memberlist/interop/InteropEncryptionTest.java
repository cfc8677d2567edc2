package io.memberlist.interop;

import java.util.List;

/** Mixed Go/Java cluster with AES-256-GCM (same 32-byte key on both sides), compression off. */
class InteropEncryptionTest extends AbstractMixedClusterTest {
    static final byte[] KEY = InteropKeys.key(1);

    @Override
    protected boolean compress() {
        return false;
    }

    @Override
    protected List<byte[]> keys() {
        return List.of(KEY);
    }
}
