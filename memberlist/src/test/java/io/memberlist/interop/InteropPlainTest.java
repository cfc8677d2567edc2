package io.memberlist.interop;

import java.util.List;

/** Mixed Go/Java cluster, no compression, no encryption. */
class InteropPlainTest extends AbstractMixedClusterTest {
    @Override
    protected boolean compress() {
        return false;
    }

    @Override
    protected List<byte[]> keys() {
        return List.of();
    }
}
