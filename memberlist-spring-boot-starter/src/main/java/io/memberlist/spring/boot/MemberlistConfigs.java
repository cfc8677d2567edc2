package io.memberlist.spring.boot;

import io.memberlist.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns {@link MemberlistProperties} into a {@link Config.Builder}. Only the property syntax is
 * checked here (addresses, base64); ranges and key sizes are {@link Config.Builder#build()}'s job,
 * which names the field.
 */
final class MemberlistConfigs {
    /** memberlist's default port, for addresses that name none. */
    static final int DEFAULT_PORT = 7946;

    private MemberlistConfigs() {}

    static Config.Builder fromProperties(MemberlistProperties p) {
        Config.Builder b = switch (p.getPreset()) {
            case LAN -> Config.lan();
            case WAN -> Config.wan();
            case LOCAL -> Config.local();
        };
        if (p.getName() != null && !p.getName().isBlank()) {
            b.name(p.getName().strip());
        }
        HostPort bind = HostPort.parse("memberlist.bind", p.getBind(), DEFAULT_PORT);
        b.bindAddr(ip("memberlist.bind", bind.host())).bindPort(bind.port());
        if (p.getAdvertise() != null && !p.getAdvertise().isBlank()) {
            // Config wants an IP literal here and says so if it is not one.
            HostPort adv = HostPort.parse("memberlist.advertise", p.getAdvertise(), bind.port());
            b.advertiseAddr(adv.host()).advertisePort(adv.port());
        }
        b.label(p.getLabel());
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < p.getKeys().size(); i++) {
            try {
                keys.add(Base64.getDecoder().decode(p.getKeys().get(i).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("memberlist.keys[" + i + "] is not base64: " + e.getMessage());
            }
        }
        if (!keys.isEmpty()) {
            b.secretKey(keys.get(0)).keyring(keys.subList(1, keys.size()));
        }
        return b;
    }

    /** The bind host as an IP literal: a name is resolved once, at start. */
    private static String ip(String property, String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(property + ": cannot resolve '" + host + "'");
        }
    }
}
