package io.memberlist.interop;

import java.util.Arrays;
import java.util.List;

/** Mixed Go/Java cluster with compression and AES-128-GCM (16-byte key) on both sides. */
class InteropCompressedEncryptedTest extends AbstractMixedClusterTest {
    static final byte[] KEY = Arrays.copyOf(InteropKeys.key(2), 16);

    @Override
    protected boolean compress() {
        return true;
    }

    @Override
    protected List<byte[]> keys() {
        return List.of(KEY);
    }
}
