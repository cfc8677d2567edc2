package io.memberlist.interop;

import java.util.List;

/** Mixed Go/Java cluster with compression on both sides. */
class InteropCompressionTest extends AbstractMixedClusterTest {
    @Override
    protected boolean compress() {
        return true;
    }

    @Override
    protected List<byte[]> keys() {
        return List.of();
    }
}
