package io.memberlist.codec;

/**
 * Decodes a fuzz input's first byte into codec options, so one seed file holds both the
 * configuration and the bytes under test (and seeds stay easy to write by hand).
 *
 * <pre>
 * bit 0  label "lbl"             bit 3  skipInboundLabelCheck
 * bit 1  keyring with KEY        bit 4  expectLabel (streams)
 * bit 2  verifyIncoming = false  bit 5  second key 0x00*32 in the ring (tried first)
 * </pre>
 */
record FuzzConfig(CodecOptions options, boolean expectLabel) {
    static final byte[] KEY = EncryptionTest.KEY;

    static FuzzConfig of(byte b) {
        Keyring ring = null;
        if ((b & 2) != 0) {
            ring = (b & 32) != 0 ? Keyring.of(java.util.List.of(KEY), new byte[32]) : Keyring.of(KEY);
        }
        CodecOptions options = CodecOptions.builder()
                .label((b & 1) != 0 ? "lbl" : "")
                .keyring(ring)
                .verifyIncoming((b & 4) == 0)
                .skipInboundLabelCheck((b & 8) != 0)
                .build();
        return new FuzzConfig(options, (b & 16) != 0);
    }
}
