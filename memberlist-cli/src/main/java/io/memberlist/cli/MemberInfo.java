package io.memberlist.cli;

import io.memberlist.Member;
import io.memberlist.MemberState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One member as the status endpoint shows it, and as {@code members} reads it back: the JSON
 * shape of {@code GET /v1/members} lives here, in {@link #toJson()} and {@link #fromJson}.
 *
 * @param address the IP as text ({@code 127.0.0.1}, {@code ::1})
 * @param meta the raw metadata bytes; JSON carries them as base64 and, when they are printable
 *     UTF-8, also as text
 */
record MemberInfo(String name, String address, int port, MemberState state, long incarnation,
        byte[] meta, int pMin, int pMax, int pCur, int dMin, int dMax, int dCur) {

    static MemberInfo from(Member m) {
        return new MemberInfo(m.name(), ipText(m.addr()), m.port(), m.state(), m.incarnation(), m.meta(),
                m.pMin(), m.pMax(), m.pCur(), m.dMin(), m.dMax(), m.dCur());
    }

    /** The same member in another state (the agent remembers failed and departed members). */
    MemberInfo withState(MemberState s) {
        return new MemberInfo(name, address, port, s, incarnation, meta, pMin, pMax, pCur, dMin, dMax, dCur);
    }

    /** {@code host:port}, IPv6 in brackets. */
    String hostPort() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    String stateName() {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** The metadata as text when it is printable UTF-8, else {@code null}. */
    String metaText() {
        return printable(meta);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("address", address);
        m.put("port", port);
        m.put("state", stateName());
        m.put("incarnation", incarnation);
        m.put("meta", Base64.getEncoder().encodeToString(meta));
        m.put("meta_text", metaText());
        m.put("protocol", versions(pMin, pMax, pCur));
        m.put("delegate_protocol", versions(dMin, dMax, dCur));
        return m;
    }

    static MemberInfo fromJson(Object json) {
        if (!(json instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("a member must be a JSON object");
        }
        Map<?, ?> p = map(m.get("protocol"));
        Map<?, ?> d = map(m.get("delegate_protocol"));
        String stateText = str(m, "state");
        MemberState state;
        try {
            state = MemberState.valueOf(stateText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown member state '" + stateText + "'");
        }
        Object meta = m.get("meta");
        return new MemberInfo(str(m, "name"), str(m, "address"), num(m, "port"), state,
                ((Number) m.get("incarnation")).longValue(),
                meta == null ? new byte[0] : Base64.getDecoder().decode((String) meta),
                num(p, "min"), num(p, "max"), num(p, "current"), num(d, "min"), num(d, "max"), num(d, "current"));
    }

    private static Map<String, Object> versions(int min, int max, int cur) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("min", min);
        v.put("max", max);
        v.put("current", cur);
        return v;
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String str(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException("member field '" + key + "' missing or not a string");
        }
        return s;
    }

    private static int num(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.intValue() : 0;
    }

    /** IP bytes as text without any lookup; anything but 4 or 16 bytes is shown in hex. */
    static String ipText(byte[] ip) {
        if (ip.length == 4 || ip.length == 16) {
            try {
                return InetAddress.getByAddress(ip).getHostAddress();
            } catch (UnknownHostException e) {
                // unreachable: the length is checked
            }
        }
        return java.util.HexFormat.of().formatHex(ip);
    }

    /** Strict UTF-8 with no control characters, or {@code null}. */
    static String printable(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return null;
            }
        }
        return text;
    }

    // records compare arrays by identity; members are compared by content in tests
    @Override
    public boolean equals(Object o) {
        return o instanceof MemberInfo x && x.name.equals(name) && x.address.equals(address) && x.port == port
                && x.state == state && x.incarnation == incarnation && java.util.Arrays.equals(x.meta, meta)
                && x.pMin == pMin && x.pMax == pMax && x.pCur == pCur && x.dMin == dMin && x.dMax == dMax
                && x.dCur == dCur;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        return name + "@" + hostPort() + "[" + stateName() + " inc=" + incarnation + "]";
    }
}
