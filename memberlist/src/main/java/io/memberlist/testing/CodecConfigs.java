package io.memberlist.testing;

import io.memberlist.Config;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Keyring;
import java.util.List;

/** The codec settings a node's {@link Config} implies (label, keys, compression, versions). */
final class CodecConfigs {
    private CodecConfigs() {}

    static CodecOptions options(Config c) {
        List<byte[]> keys = c.keyring();
        byte[] secret = c.secretKey();
        Keyring ring = null;
        if (secret != null || !keys.isEmpty()) {
            ring = Keyring.of(keys, secret != null ? secret : keys.get(0));
        }
        return CodecOptions.builder()
                .label(c.label())
                .keyring(ring)
                .protocolVersion(c.protocolVersion())
                .verifyIncoming(c.gossipVerifyIncoming())
                .verifyOutgoing(c.gossipVerifyOutgoing())
                .compression(c.enableCompression())
                .skipInboundLabelCheck(c.skipInboundLabelCheck())
                .build();
    }
}
