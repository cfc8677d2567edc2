package io.memberlist.codec;

/**
 * How non-negative values of Go {@code int} fields ({@code pushPullHeader.Nodes},
 * {@code UserStateLen}, {@code userMsgHeader.UserMsgLen}, {@code pushNodeState.State}) are
 * written (PROTOCOL.md §1.1). The two forms differ only for values above 127; every Go version
 * decodes both, so the choice matters only for byte-exact comparison with one Go build.
 * Negative values are written the same way in both styles.
 */
public enum IntStyle {
    /**
     * go-msgpack v0.5 (memberlist v0.2.2, Debian's package): non-negative values use the
     * unsigned forms {@code cc}/{@code cd}/{@code ce}/{@code cf}. The default.
     */
    V022_UNSIGNED,
    /**
     * go-msgpack/v2 (memberlist HEAD): non-negative values above 127 use the signed forms
     * {@code d1} (int16), {@code d2} (int32), {@code d3} (int64).
     */
    HEAD_SIGNED
}
