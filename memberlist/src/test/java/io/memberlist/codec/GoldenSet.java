package io.memberlist.codec;

/**
 * The golden-vector sets recorded by {@code interop/gopeer record}, one per Go memberlist
 * release, each with the integer style its go-msgpack generation writes: re-encoding a captured
 * message in that style must give back the captured bytes.
 */
enum GoldenSet {
    /** memberlist 0.2.2 (Debian's package; go-msgpack v0.5). */
    V022("golden", IntStyle.V022_UNSIGNED),
    /** memberlist v0.7.0 (go-msgpack/v2; labelled configurations too). */
    V070("golden-v070", IntStyle.HEAD_SIGNED);

    /** Resource folder under the test classpath root. */
    final String dir;
    final IntStyle style;

    GoldenSet(String dir, IntStyle style) {
        this.dir = dir;
        this.style = style;
    }
}
